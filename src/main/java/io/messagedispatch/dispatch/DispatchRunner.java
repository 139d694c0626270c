package io.messagedispatch.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.messagedispatch.message.MessageStore;
import io.messagedispatch.observability.LogContext;
import io.micrometer.core.instrument.Timer;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
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
import org.springframework.stereotype.Component;

/**
 * Runs the dispatch job once, synchronously, under the cluster-wide ShedLock lock, and keeps its record. The lock's
 * durations come from {@link DispatchTimings}; ShedLock stamps them with this instance's system clock, so instances
 * are assumed to agree on the time to well within the lock's margins (NTP is enough; a few seconds of skew only
 * shortens the pause that {@code lockAtLeastFor} enforces between scheduled runs).
 */
@Component
public class DispatchRunner {

	private static final Logger log = LoggerFactory.getLogger(DispatchRunner.class);

	static final String LOCK_NAME = "message-dispatch";

	private final JobOperator jobOperator;

	private final Job job;

	private final LockingTaskExecutor locks;

	private final ProcessorSwitch processorSwitch;

	private final MessageStore store;

	private final DispatchRuns runs;

	private final DispatchTimings timings;

	private final DispatchProperties properties;

	private final InstanceId instance;

	private final Clock clock;

	private final DispatchMetrics metrics;

	DispatchRunner(JobOperator jobOperator, Job messageDispatchJob, LockingTaskExecutor locks,
			ProcessorSwitch processorSwitch, MessageStore store, DispatchRuns runs, DispatchTimings timings,
			DispatchProperties properties, InstanceId instance, Clock clock, DispatchMetrics metrics) {
		this.jobOperator = jobOperator;
		this.job = messageDispatchJob;
		this.locks = locks;
		this.processorSwitch = processorSwitch;
		this.store = store;
		this.runs = runs;
		this.timings = timings;
		this.properties = properties;
		this.instance = instance;
		this.clock = clock;
		this.metrics = metrics;
	}

	/**
	 * Runs once unless the processor is stopped or another instance holds the lock, which are reported as skipped.
	 */
	public synchronized RunReport run(RunMode mode) {
		Instant now = now();
		if (!this.processorSwitch.isRunning()) {
			return RunReport.skipped(this.instance.value(), mode, now, "the processor is stopped");
		}
		Duration atLeast = mode == RunMode.SCHEDULED ? this.timings.scheduledLockAtLeastFor() : Duration.ZERO;
		LockConfiguration lock = new LockConfiguration(ClockProvider.now(), LOCK_NAME, this.timings.lockAtMostFor(),
				atLeast);
		try {
			LockingTaskExecutor.TaskResult<RunReport> result = this.locks.executeWithLock(() -> launch(mode), lock);
			if (!result.wasExecuted()) {
				log.debug("Dispatch skipped: another instance holds the lock");
				return RunReport.skipped(this.instance.value(), mode, now, "another instance holds the lock");
			}
			return result.getResult();
		}
		catch (Throwable ex) {
			log.error("Dispatch run could not start: {}", ex.getMessage());
			return new RunReport(null, this.instance.value(), mode, RunReport.Outcome.FAILED, now, now(), 0, 0, 0, 0,
					ex.getMessage());
		}
	}

	/**
	 * The settings in force, with the durations derived from them.
	 */
	public DispatchSettings settings() {
		return new DispatchSettings(this.properties.interval(), this.properties.initialDelay(),
				this.properties.batchSize(), this.properties.chunkSize(), this.properties.sendConcurrency(),
				this.properties.maxRunDuration(), this.timings.lease(), this.timings.lockAtMostFor());
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
		JobParameters parameters = new JobParametersBuilder().addString("runId", runId)
			.addString(DispatchJobConfiguration.OWNER, owner)
			.addLong(DispatchJobConfiguration.LIMIT, limit)
			.toJobParameters();
		Instant startedAt = now();
		JobExecution execution = this.jobOperator.start(this.job, parameters);
		RunReport report = report(runId, mode, startedAt, execution);
		if (report.outcome() != RunReport.Outcome.COMPLETED) {
			releaseClaims(owner);
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

	private void releaseClaims(String owner) {
		try {
			int released = this.store.releaseClaims(owner);
			if (released > 0) {
				log.info("Put {} claimed but unsent message(s) back in the queue", released);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not release the claims of {}; they return to the queue when their lease expires: {}",
					owner, ex.getMessage());
		}
	}

	private RunReport report(String runId, RunMode mode, Instant startedAt, JobExecution execution) {
		long claimed = 0;
		long sent = 0;
		long retried = 0;
		long failed = 0;
		for (StepExecution step : execution.getStepExecutions()) {
			claimed += step.getReadCount();
			sent += step.getExecutionContext().getLong(DeliveryWriter.SENT, 0L);
			retried += step.getExecutionContext().getLong(DeliveryWriter.RETRIED, 0L);
			failed += step.getExecutionContext().getLong(DeliveryWriter.FAILED, 0L);
		}
		boolean completed = execution.getStatus() == BatchStatus.COMPLETED;
		String error = completed ? null : execution.getAllFailureExceptions()
			.stream()
			.map(DispatchRunner::rootMessage)
			.findFirst()
			.orElse(execution.getExitStatus().getExitDescription());
		return new RunReport(runId, this.instance.value(), mode, completed ? RunReport.Outcome.COMPLETED : RunReport.Outcome.FAILED,
				startedAt, now(), claimed, sent, retried, failed, error);
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
