package io.messagedispatch.dispatch;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The run in flight on this instance: who owns its claims, how much it may send, until when, and what it did so far.
 * The job's reader and writer take it from {@link CurrentRun} rather than from Spring Batch's step scope, so that the
 * run's state never depends on Batch's thread-bound step context.
 */
final class DispatchRun {

	private final String id;

	private final String owner;

	private final long limit;

	private final Instant deadline;

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong retried = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	DispatchRun(String id, String owner, long limit, Instant deadline) {
		this.id = id;
		this.owner = owner;
		this.limit = limit;
		this.deadline = deadline;
	}

	String id() {
		return this.id;
	}

	String owner() {
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

	long sent() {
		return this.sent.get();
	}

	long retried() {
		return this.retried.get();
	}

	long failed() {
		return this.failed.get();
	}

}
