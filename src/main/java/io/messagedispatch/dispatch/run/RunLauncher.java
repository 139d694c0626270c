package io.messagedispatch.dispatch.run;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;

import io.messagedispatch.dispatch.RunMode;
import io.messagedispatch.dispatch.RunReport;
import io.messagedispatch.dispatch.job.CurrentRun;
import io.messagedispatch.dispatch.job.DispatchRun;
import io.messagedispatch.observability.LogContext;
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
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;

/**
 * Runs the dispatch job once, under a fresh run id and owner, and reports it: the run's
 * sends are awaited when the job ends, its claims put back when it broke off, and its
 * record kept in the run history and the metrics.
 */
@Component
class RunLauncher {

	private static final Logger log = LoggerFactory.getLogger(RunLauncher.class);

	private final JobOperator jobOperator;

	private final Job job;

	private final CurrentRun currentRun;

	private final LeftoverClaims leftovers;

	private final DispatchRuns runs;

	private final DispatchMetrics metrics;

	private final DispatchTimings timings;

	private final DispatchProperties properties;

	private final InstanceId instance;

	private final Clock clock;

	RunLauncher(JobOperator jobOperator, Job messageDispatchJob, CurrentRun currentRun, LeftoverClaims leftovers,
			DispatchRuns runs, DispatchMetrics metrics, DispatchTimings timings, DispatchProperties properties,
			InstanceId instance, Clock clock) {
		this.jobOperator = jobOperator;
		this.job = messageDispatchJob;
		this.currentRun = currentRun;
		this.leftovers = leftovers;
		this.runs = runs;
		this.metrics = metrics;
		this.timings = timings;
		this.properties = properties;
		this.instance = instance;
		this.clock = clock;
	}

	RunReport launch(RunMode mode) throws Exception {
		String runId = UUID.randomUUID().toString();
		Timer.Sample sample = this.metrics.startRun();
		try (MDC.MDCCloseable logContext = MDC.putCloseable(LogContext.RUN_ID, runId)) {
			RunReport report = launch(mode, runId);
			this.metrics.runEnded(sample, report);
			return report;
		}
	}

	/**
	 * Ends the run in flight, if any, where it stands: it claims nothing more, and the
	 * claims that no POST holds are put back in the queue.
	 */
	void breakOff() {
		this.currentRun.find().ifPresent(run -> {
			run.close();
			this.leftovers.release(run.owner(), run.unreleasable());
		});
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
		if (report.outcome() != RunReport.Outcome.COMPLETED) {
			this.leftovers.release(owner, run.unreleasable());
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

	private RunReport report(DispatchRun run, RunMode mode, Instant startedAt, JobExecution execution) {
		long claimed = execution.getStepExecutions().stream().mapToLong(StepExecution::getReadCount).sum();
		boolean completed = execution.getStatus() == BatchStatus.COMPLETED;
		String error = completed ? null
				: execution.getAllFailureExceptions()
					.stream()
					.map(RunLauncher::rootMessage)
					.findFirst()
					.orElse(execution.getExitStatus().getExitDescription());
		return new RunReport(run.id(), this.instance.value(), mode,
				completed ? RunReport.Outcome.COMPLETED : RunReport.Outcome.FAILED, startedAt, now(), claimed,
				run.sent(), run.retried(), run.failed(), error);
	}

	static String rootMessage(Throwable failure) {
		Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
