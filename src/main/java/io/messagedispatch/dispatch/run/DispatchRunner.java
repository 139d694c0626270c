package io.messagedispatch.dispatch.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.messagedispatch.dispatch.ProcessorSwitch;
import io.messagedispatch.dispatch.RunMode;
import io.messagedispatch.dispatch.RunReport;
import io.messagedispatch.dispatch.lock.DispatchLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Decides whether this instance runs the dispatch job now, and runs it synchronously
 * under the cluster-wide {@link DispatchLock}: not while the processor is stopped,
 * another instance holds the lock or the service is shutting down. On shutdown it lets
 * the run in flight finish its chunk.
 */
@Component
public class DispatchRunner implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DispatchRunner.class);

	private final RunLauncher launcher;

	private final DispatchLock lock;

	private final ProcessorSwitch processorSwitch;

	private final LeftoverClaims leftovers;

	private final DispatchShutdown shutdown;

	private final DispatchTimings timings;

	private final DispatchProperties properties;

	private final InstanceId instance;

	private final Clock clock;

	private final ReentrantLock inFlight = new ReentrantLock();

	private volatile boolean lifecycleRunning;

	DispatchRunner(RunLauncher launcher, DispatchLock lock, ProcessorSwitch processorSwitch, LeftoverClaims leftovers,
			DispatchShutdown shutdown, DispatchTimings timings, DispatchProperties properties, InstanceId instance,
			Clock clock) {
		this.launcher = launcher;
		this.lock = lock;
		this.processorSwitch = processorSwitch;
		this.leftovers = leftovers;
		this.shutdown = shutdown;
		this.timings = timings;
		this.properties = properties;
		this.instance = instance;
		this.clock = clock;
	}

	/**
	 * Runs once unless the processor is stopped, another instance holds the lock or the
	 * service is shutting down, which are reported as skipped. Never throws: a run that
	 * cannot start or breaks off is reported as failed, with one log line saying why.
	 */
	public RunReport run(RunMode mode) {
		Instant now = now();
		if (this.shutdown.isShuttingDown()) {
			return RunReport.skipped(this.instance.value(), mode, now, "the service is shutting down");
		}
		this.inFlight.lock();
		try {
			this.leftovers.settle();
			if (!this.processorSwitch.isRunning()) {
				this.leftovers.releaseExpired();
				return RunReport.skipped(this.instance.value(), mode, now, "the processor is stopped");
			}
			Instant abandonAt = this.clock.instant().plus(this.properties.maxRunDuration()).plus(this.timings.lease());
			Optional<DispatchLock.Held> held = this.lock.tryAcquire(abandonAt);
			if (held.isEmpty()) {
				log.debug("Dispatch skipped: another instance holds the lock");
				return RunReport.skipped(this.instance.value(), mode, now, "another instance holds the lock");
			}
			Instant startedAt = this.clock.instant();
			try {
				return this.launcher.launch(mode);
			}
			finally {
				Duration pause = mode == RunMode.SCHEDULED
						? this.timings.scheduledPause().minus(Duration.between(startedAt, this.clock.instant()))
						: Duration.ZERO;
				held.get().release(pause);
			}
		}
		catch (Throwable ex) {
			String reason = RunLauncher.rootMessage(ex);
			log.error("Dispatch run failed before it started ({}): {}", mode, reason);
			log.debug("Dispatch run failure", ex);
			return new RunReport(null, this.instance.value(), mode, RunReport.Outcome.FAILED, now, now(), 0, 0, 0, 0,
					reason);
		}
		finally {
			this.inFlight.unlock();
		}
	}

	@Override
	public void start() {
		this.shutdown.cancel();
		this.lifecycleRunning = true;
	}

	/**
	 * On shutdown: no new run starts, the run in flight claims nothing more and finishes
	 * its chunk. If it is not done within {@code shutdown-timeout}, the claims that no
	 * POST holds are put back in the queue so that they do not wait for a lease; a
	 * message whose POST is still running keeps its claim.
	 */
	@Override
	public void stop() {
		this.shutdown.begin();
		try {
			if (this.inFlight.tryLock(this.timings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
				try {
					this.leftovers.flushOutcomes();
				}
				finally {
					this.inFlight.unlock();
				}
			}
			else {
				log.warn("Dispatch run still busy after {}: releasing the claims no POST holds",
						this.timings.shutdownTimeout());
				this.launcher.breakOff();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lifecycleRunning = false;
		}
	}

	@Override
	public boolean isRunning() {
		return this.lifecycleRunning;
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
