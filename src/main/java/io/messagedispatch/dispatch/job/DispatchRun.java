package io.messagedispatch.dispatch.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The run in flight on this instance: who owns its claims, how much it may send, until
 * when, and what it did so far. The job's reader and writer take it from
 * {@link CurrentRun} rather than from Spring Batch's step scope, so that the run's state
 * never depends on Batch's thread-bound step context. It also knows which messages a send
 * thread is POSTing right now, and which were POSTed but not yet recorded, so that no
 * claim is put back while its POST may still reach the provider or its outcome is on its
 * way to the store.
 */
public final class DispatchRun {

	private final String id;

	private final String owner;

	private final long limit;

	private final Instant deadline;

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong retried = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final Set<String> sending = new HashSet<>();

	private final Set<String> awaitingRecord = new HashSet<>();

	private boolean closed;

	public DispatchRun(String id, String owner, long limit, Instant deadline) {
		this.id = id;
		this.owner = owner;
		this.limit = limit;
		this.deadline = deadline;
	}

	public String id() {
		return this.id;
	}

	/** The instance this run belongs to: its owner without the run id. */
	public String instance() {
		String suffix = "/" + this.id;
		return this.owner.endsWith(suffix) ? this.owner.substring(0, this.owner.length() - suffix.length())
				: this.owner;
	}

	public String owner() {
		return this.owner;
	}

	long limit() {
		return this.limit;
	}

	Instant deadline() {
		return this.deadline;
	}

	void counted(long sent, long retried, long failed) {
		this.sent.addAndGet(sent);
		this.retried.addAndGet(retried);
		this.failed.addAndGet(failed);
	}

	public long sent() {
		return this.sent.get();
	}

	public long retried() {
		return this.retried.get();
	}

	public long failed() {
		return this.failed.get();
	}

	/**
	 * The reader hands this message to the send threads: from now on it counts as being
	 * sent until a send thread is done with it, even while its task waits in the
	 * executor's queue.
	 */
	void sendStarted(String messageId) {
		synchronized (this.sending) {
			this.sending.add(messageId);
		}
	}

	/**
	 * A send thread is about to POST this message; false once the run is closed, and then
	 * it must not: the run's claims may be put back already.
	 */
	boolean maySend() {
		synchronized (this.sending) {
			return !this.closed;
		}
	}

	/**
	 * Closes the run to new POSTs: a send task that has not started yet ends without
	 * POSTing. What is already being POSTed goes on; {@link #awaitSendsSettled} waits for
	 * it.
	 */
	public void close() {
		synchronized (this.sending) {
			this.closed = true;
		}
	}

	/**
	 * A send thread is done with this message: its outcome is decided, whatever it is.
	 */
	void sendEnded(String messageId) {
		synchronized (this.sending) {
			this.sending.remove(messageId);
			if (this.sending.isEmpty()) {
				this.sending.notifyAll();
			}
		}
	}

	/**
	 * This message was POSTed: until the writer is done with its outcome, its claim must
	 * not be put back, or the next run would POST it again.
	 */
	void awaitingRecord(String messageId) {
		synchronized (this.sending) {
			this.awaitingRecord.add(messageId);
		}
	}

	/**
	 * The writer is done with these messages: their outcomes are recorded, or kept to be
	 * recorded later.
	 */
	void writerDone(Collection<String> messageIds) {
		synchronized (this.sending) {
			// one removal per id: removeAll with a list argument can walk the list for
			// every element of the set
			for (String messageId : messageIds) {
				this.awaitingRecord.remove(messageId);
			}
		}
	}

	/**
	 * The messages whose claims must stay when the run breaks off: those a send thread is
	 * still working on, and those POSTed whose outcome the writer has not taken yet.
	 */
	public Set<String> unreleasable() {
		synchronized (this.sending) {
			Set<String> kept = new HashSet<>(this.sending);
			kept.addAll(this.awaitingRecord);
			return kept;
		}
	}

	/** The messages a send thread is still working on. */
	public Set<String> stillSending() {
		synchronized (this.sending) {
			return Set.copyOf(this.sending);
		}
	}

	/**
	 * Waits until no send thread works on a message of this run, at most {@code timeout};
	 * returns the messages still being sent then (none when all settled).
	 */
	public Set<String> awaitSendsSettled(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.sending) {
			long left;
			while (!this.sending.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
				TimeUnit.NANOSECONDS.timedWait(this.sending, left);
			}
			return Set.copyOf(this.sending);
		}
	}

}
