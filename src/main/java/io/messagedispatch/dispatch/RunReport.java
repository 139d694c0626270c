package io.messagedispatch.dispatch;

import java.time.Instant;

/**
 * What one dispatch run did, as kept in {@code dispatch_runs} and shown by
 * {@code /processor/status}.
 *
 * @param error why it failed or was skipped
 */
public record RunReport(String runId, String instance, RunMode mode, Outcome outcome, Instant startedAt,
		Instant endedAt, long claimed, long sent, long retried, long failed, String error) {

	public static RunReport skipped(String instance, RunMode mode, Instant at, String reason) {
		return new RunReport(null, instance, mode, Outcome.SKIPPED, at, at, 0, 0, 0, 0, reason);
	}

	/** How a run ended. */
	public enum Outcome {

		/**
		 * It ran to its end: budget spent, deadline reached, queue empty or processor
		 * stopped between chunks.
		 */
		COMPLETED,
		/**
		 * It broke off (store or lock unavailable, say); what it had claimed went back to
		 * the queue.
		 */
		FAILED,
		/**
		 * It did not run: the processor is stopped or another instance holds the lock.
		 */
		SKIPPED

	}

}
