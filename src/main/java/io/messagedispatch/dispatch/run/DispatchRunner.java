package io.messagedispatch.dispatch.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.messagedispatch.dispatch.ProcessorSwitch;
import io.messagedispatch.dispatch.RunMode;
import io.messagedispatch.dispatch.RunReport;
import io.messagedispatch.dispatch.job.CurrentRun;
import io.messagedispatch.dispatch.job.DispatchRun;
import io.messagedispatch.dispatch.job.UnrecordedOutcomes;
import io.messagedispatch.dispatch.lock.DispatchLock;
import io.messagedispatch.observability.LogContext;
import io.messagedispatch.queue.MessageQueue;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;

/**
 * Runs the dispatch job once, synchronously, under the cluster-wide {@link DispatchLock},
 * and keeps its record.
 */
@Component
public class DispatchRunner implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DispatchRunner.class);

	private final JobOperator jobOperator;

	private final Job job;

	private final DispatchLock lock;

	private final ProcessorSwitch processorSwitch;

	private final MessageQueue queue;

	private final DispatchRuns runs;

	private final DispatchTimings timings;

	private final DispatchProperties properties;

	private final InstanceId instance;

	private final Clock clock;

	private final DispatchShutdown shutdown;

	private final CurrentRun currentRun;

	private final DispatchMetrics metrics;

	private final UnrecordedOutcomes unrecorded;

	private final ReentrantLock inFlight = new ReentrantLock();

	private final Set<String> unreleasedOwners = ConcurrentHashMap.newKeySet();

	private volatile boolean lifecycleRunning;

	DispatchRunner(JobOperator jobOperator, Job messageDispatchJob, DispatchLock lock, ProcessorSwitch processorSwitch,
			MessageQueue queue, DispatchRuns runs, DispatchTimings timings, DispatchProperties properties,
			InstanceId instance, Clock clock, DispatchShutdown shutdown, CurrentRun currentRun, DispatchMetrics metrics,
			UnrecordedOutcomes unrecorded) {
		this.unrecorded = unrecorded;
		this.shutdown = shutdown;
		this.currentRun = currentRun;
		this.metrics = metrics;
		this.jobOperator = jobOperator;
		this.job = messageDispatchJob;
		this.lock = lock;
		this.processorSwitch = processorSwitch;
		this.queue = queue;
		this.runs = runs;
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
			this.unrecorded.flush(this.queue);
			this.unreleasedOwners.removeIf(owner -> releaseClaims(owner, Set.of()));
			if (!this.processorSwitch.isRunning()) {
				this.queue.releaseExpiredClaims(this.timings.clockSkew());
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
				return launch(mode);
			}
			finally {
				Duration pause = mode == RunMode.SCHEDULED
						? this.timings.scheduledPause().minus(Duration.between(startedAt, this.clock.instant()))
						: Duration.ZERO;
				held.get().release(pause);
			}
		}
		catch (Throwable ex) {
			String reason = rootMessage(ex);
			log.error("Dispatch run failed before it started ({}): {}", mode, reason);
			log.debug("Dispatch run failure", ex);
			return new RunReport(null, this.instance.value(), mode, RunReport.Outcome.FAILED, now, now(), 0, 0, 0, 0,
					reason);
		}
		finally {
			this.inFlight.unlock();
		}
	}

	private RunReport launch(RunMode mode) throws Exception {
		String runId = UUID.randomUUID().toString();
		Timer.Sample sample = this.metrics.startRun();
		try (MDC.MDCCloseable logContext = MDC.putCloseable(LogContext.RUN_ID, runId)) {
			RunReport report = launch(mode, runId);
			this.metrics.runEnded(sample, report);
			return report;
		}
	}

	private RunReport launch(RunMode mode, String runId) throws Exception {
		String owner = this.instance.value() + "/" + runId;
		long limit = mode == RunMode.DRAIN ? Long.MAX_VALUE : this.properties.batchSize();
		JobParameters parameters = new JobParametersBuilder().addString("runId", runId).toJobParameters();
		Instant startedAt = now();
		DispatchRun run = new DispatchRun(runId, owner, limit, startedAt.plus(this.properties.maxRunDuration()));
		this.currentRun.begin(run);
		RunReport report;
		Set<String> stillSending;
		try {
			JobExecution execution = this.jobOperator.start(this.job, parameters);
			report = report(run, mode, startedAt, execution);
		}
		finally {
			run.close();
			try {
				stillSending = run.awaitSendsSettled(this.timings.lease());
			}
			finally {
				this.currentRun.end();
			}
		}
		if (!stillSending.isEmpty()) {
			log.error("Run {}: {} send(s) still running after {}; those messages keep their claim until it expires",
					runId, stillSending.size(), this.timings.lease());
		}
		if (report.outcome() != RunReport.Outcome.COMPLETED && !releaseClaims(owner, stillSending)) {
			this.unreleasedOwners.add(owner);
		}
		if (report.claimed() > 0 || report.outcome() != RunReport.Outcome.COMPLETED) {
			log.info("Dispatch run {} ({}) {}: claimed {}, sent {}, retried {}, failed {}{}", runId, mode,
					report.outcome(), report.claimed(), report.sent(), report.retried(), report.failed(),
					report.error() == null ? "" : " - " + report.error());
		}
		try {
			this.runs.record(report);
		}
		catch (RuntimeException ex) {
			log.warn("Could not record dispatch run {}: {}", runId, ex.getMessage());
		}
		return report;
	}

	@Override
	public void start() {
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
					this.unrecorded.flush(this.queue);
				}
				finally {
					this.inFlight.unlock();
				}
			}
			else {
				log.warn("Dispatch run still busy after {}: releasing the claims no POST holds",
						this.timings.shutdownTimeout());
				this.currentRun.find().ifPresent(run -> {
					run.close();
					releaseClaims(run.owner(), run.stillSending());
				});
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

	/**
	 * Puts the messages a broken-off run still holds back in the queue, except those
	 * still being sent and those whose outcome waits in {@link UnrecordedOutcomes}.
	 * Returns false when the store could not be reached; the next run tries again, and
	 * the lease is the last resort.
	 */
	private boolean releaseClaims(String owner, Set<String> stillSending) {
		try {
			Set<String> kept = new HashSet<>(stillSending);
			kept.addAll(this.unrecorded.heldFor(owner));
			int released = this.queue.releaseClaims(owner, kept);
			if (released > 0) {
				log.info("Put {} claimed but unrecorded message(s) back in the queue", released);
			}
			return true;
		}
		catch (RuntimeException ex) {
			log.warn("Could not release the claims of {} yet: {}", owner, ex.getMessage());
			return false;
		}
	}

	private RunReport report(DispatchRun run, RunMode mode, Instant startedAt, JobExecution execution) {
		long claimed = execution.getStepExecutions().stream().mapToLong(StepExecution::getReadCount).sum();
		boolean completed = execution.getStatus() == BatchStatus.COMPLETED;
		String error = completed ? null
				: execution.getAllFailureExceptions()
					.stream()
					.map(DispatchRunner::rootMessage)
					.findFirst()
					.orElse(execution.getExitStatus().getExitDescription());
		return new RunReport(run.id(), this.instance.value(), mode,
				completed ? RunReport.Outcome.COMPLETED : RunReport.Outcome.FAILED, startedAt, now(), claimed,
				run.sent(), run.retried(), run.failed(), error);
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
