package io.messagedispatch.dispatch.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.messagedispatch.dispatch.ProcessorSwitch;
import io.messagedispatch.dispatch.run.DispatchMetrics;
import io.messagedispatch.dispatch.run.DispatchTimings;
import io.messagedispatch.message.Message;
import io.messagedispatch.provider.CircuitBreaker;
import io.messagedispatch.queue.ClaimStream;
import io.messagedispatch.queue.ImportedMessages;
import io.messagedispatch.queue.MessageQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads by claiming: each time its buffer is empty it claims the next chunk of due
 * messages, oldest first, from the run's {@link ClaimStream} (one query walked in
 * chunk-size batches, each claimed with one bulk write of conditional updates), so what
 * it returns is held by this run alone. It never pages with offsets over the queue it
 * changes. It stops between chunks: at the run's budget or deadline, when the processor
 * was stopped, when the service shuts down, or while the provider's circuit is open. It
 * claims a whole chunk before it hands out the chunk's first message, so it never touches
 * the store while messages of the chunk are being sent: a store failure then fails the
 * run between chunks, with no POST in flight.
 */
class ClaimingMessageReader implements ItemStreamReader<Message> {

	private static final Logger log = LoggerFactory.getLogger(ClaimingMessageReader.class);

	private static final int ADOPT_BATCH = 1000;

	/**
	 * At most this many adoption batches before a run starts claiming; the rest is
	 * adopted by the next runs.
	 */
	private static final int ADOPT_BATCHES = 100;

	/**
	 * A claim whose lease ends this long after the longest this service writes was
	 * written by something else.
	 */
	private static final Duration FOREIGN_LEASE_MARGIN = Duration.ofDays(1);

	private final MessageQueue queue;

	private final ImportedMessages imported;

	private final ProcessorSwitch processorSwitch;

	private final CircuitBreaker circuit;

	private final BooleanSupplier shuttingDown;

	private final CurrentRun currentRun;

	private final int chunkSize;

	private final DispatchTimings timings;

	private final Clock clock;

	private final DispatchMetrics metrics;

	private final Deque<Message> claimed = new ArrayDeque<>();

	private ClaimStream claims;

	private String owner;

	private Instant deadline;

	private long budget;

	private boolean exhausted;

	ClaimingMessageReader(MessageQueue queue, ImportedMessages imported, ProcessorSwitch processorSwitch,
			CircuitBreaker circuit, BooleanSupplier shuttingDown, CurrentRun currentRun, int chunkSize,
			DispatchTimings timings, Clock clock, DispatchMetrics metrics) {
		this.queue = queue;
		this.imported = imported;
		this.processorSwitch = processorSwitch;
		this.circuit = circuit;
		this.shuttingDown = shuttingDown;
		this.currentRun = currentRun;
		this.chunkSize = chunkSize;
		this.timings = timings;
		this.clock = clock;
		this.metrics = metrics;
	}

	/**
	 * Before the first claim: put back messages whose claim expired (their runner died),
	 * and adopt documents written by other tools.
	 */
	@Override
	public void open(ExecutionContext executionContext) {
		DispatchRun run = this.currentRun.get();
		this.owner = run.owner();
		this.budget = run.limit();
		this.deadline = run.deadline();
		this.claimed.clear();
		this.exhausted = false;
		int released = this.queue.releaseExpiredClaims(this.timings.clockSkew());
		if (released > 0) {
			this.metrics.reclaimed(released);
		}
		Instant leaseHorizon = this.clock.instant()
			.plus(this.timings.lease())
			.plus(this.timings.clockSkew())
			.plus(FOREIGN_LEASE_MARGIN);
		for (int batch = 0; batch < ADOPT_BATCHES
				&& this.imported.adopt(ADOPT_BATCH, leaseHorizon) == ADOPT_BATCH; batch++) {
			log.debug("Adopting more imported messages");
		}
		this.queue.expireDue();
		this.claims = this.queue.openClaims(this.owner, this.timings.lease(), this.chunkSize);
	}

	/**
	 * Closes the run's query; what it claimed is recorded by the writer or released by
	 * the runner.
	 */
	@Override
	public void close() {
		if (this.claims != null) {
			this.claims.close();
			this.claims = null;
		}
	}

	/**
	 * The next claimed message; from here on the run counts it as being sent until a send
	 * thread is done with it.
	 */
	@Override
	public Message read() {
		if (this.claimed.isEmpty() && !this.exhausted) {
			claimNextChunk();
		}
		Message next = this.claimed.poll();
		if (next != null) {
			this.currentRun.get().sendStarted(next.id());
		}
		return next;
	}

	private void claimNextChunk() {
		if (this.budget <= 0) {
			this.exhausted = true;
			return;
		}
		if (!this.clock.instant().isBefore(this.deadline)) {
			log.info("Run {} reached its maximum duration; the rest waits for the next run", this.owner);
			this.exhausted = true;
			return;
		}
		if (this.shuttingDown.getAsBoolean()) {
			log.info("Run {} ends early: the service is shutting down", this.owner);
			this.exhausted = true;
			return;
		}
		if (!this.circuit.isAcceptingTraffic()) {
			log.info("Run {} ends early: the provider circuit is open", this.owner);
			this.exhausted = true;
			return;
		}
		if (!this.processorSwitch.isRunning()) {
			log.info("Run {} ends early: the processor was stopped", this.owner);
			this.exhausted = true;
			return;
		}
		int wanted = (int) Math.min(this.chunkSize, this.budget);
		while (this.claimed.size() < wanted) {
			List<Message> claimed = this.claims.next(wanted - this.claimed.size());
			if (claimed.isEmpty()) {
				this.exhausted = true;
				break;
			}
			this.claimed.addAll(claimed);
		}
		this.budget -= this.claimed.size();
	}

}
