package io.messagedispatch.dispatch;

import java.util.List;

import io.messagedispatch.dispatch.run.DispatchRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;

/**
 * Cron mode: {@code --run-once} runs one dispatch (at most {@code batch-size} messages),
 * {@code --drain} runs until nothing is due, and the process exits with a code a
 * scheduler can act on. It takes the same ShedLock lock as the servers, so a cron run and
 * a running server never overlap.
 */
@Component
public class CronRun implements ApplicationRunner, ExitCodeGenerator {

	private static final Logger log = LoggerFactory.getLogger(CronRun.class);

	static final String RUN_ONCE = "run-once";

	static final String DRAIN = "drain";

	/** Every message claimed was sent or scheduled for a retry. */
	static final int OK = 0;

	/**
	 * The run itself failed: store or lock unavailable, or the provider settings
	 * unusable.
	 */
	static final int RUN_FAILED = 1;

	/**
	 * The run completed, but some messages failed for good (see
	 * {@code GET /messages?status=failed}).
	 */
	static final int MESSAGES_FAILED = 3;

	/**
	 * Nothing ran: another instance held the lock or the processor is stopped. Try again
	 * later.
	 */
	static final int SKIPPED = 75;

	private final DispatchRunner runner;

	private int exitCode = OK;

	CronRun(DispatchRunner runner) {
		this.runner = runner;
	}

	/**
	 * Whether these command-line arguments ask for cron mode.
	 */
	public static boolean isRequested(String... args) {
		List<String> given = List.of(args);
		return given.contains("--" + RUN_ONCE) || given.contains("--" + DRAIN);
	}

	@Override
	public void run(ApplicationArguments args) {
		boolean drain = args.containsOption(DRAIN);
		if (!drain && !args.containsOption(RUN_ONCE)) {
			return;
		}
		long claimed = 0;
		long sent = 0;
		long retried = 0;
		long failed = 0;
		RunReport report;
		do {
			report = this.runner.run(drain ? RunMode.DRAIN : RunMode.ONCE);
			claimed += report.claimed();
			sent += report.sent();
			retried += report.retried();
			failed += report.failed();
		}
		while (drain && report.outcome() == RunReport.Outcome.COMPLETED && report.claimed() > 0);
		this.exitCode = exitCode(report, failed);
		log.info("Cron {} finished ({}): claimed {}, sent {}, retried {}, failed {}; exit code {}",
				drain ? DRAIN : RUN_ONCE,
				report.outcome() == RunReport.Outcome.SKIPPED ? "skipped: " + report.error() : report.outcome(),
				claimed, sent, retried, failed, this.exitCode);
	}

	private static int exitCode(RunReport last, long failed) {
		if (last.outcome() == RunReport.Outcome.FAILED) {
			return RUN_FAILED;
		}
		if (last.outcome() == RunReport.Outcome.SKIPPED && last.claimed() == 0 && failed == 0) {
			return SKIPPED;
		}
		return failed > 0 ? MESSAGES_FAILED : OK;
	}

	@Override
	public int getExitCode() {
		return this.exitCode;
	}

}
