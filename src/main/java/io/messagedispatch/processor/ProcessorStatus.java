package io.messagedispatch.processor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.messagedispatch.delivery.DeliverySummary;
import io.messagedispatch.dispatch.DispatchSettings;
import io.messagedispatch.dispatch.RunReport;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.provider.CircuitBreaker;
import io.messagedispatch.retention.RetentionPolicy;

/**
 * What an operator sees at {@code GET /processor/status}.
 *
 * @param nextRunAt when this instance's next scheduled run is due; null while stopped
 * @param providerCircuit whether this instance sends to the provider: closed, open
 * (pausing) or half-open (probing)
 * @param providerCircuitReason why the circuit opened (failures in a row, or the provider
 * refusing the service); null while it is closed
 * @param lastRuns the newest runs of the whole cluster, newest first
 * @param messages how many messages are in each status; null when the count gave up
 * @param queue the unsent messages by whether they may go now; null when the count gave
 * up
 * @param delivery how the sent messages fared on their way to the phone, by the
 * provider's delivery reports, and the share delivered
 * @param retention how long settled messages and idempotency keys are kept, and what
 * deletes them
 */
record ProcessorStatus(boolean running, DispatchSettings settings, Instant nextRunAt,
		CircuitBreaker.State providerCircuit, String providerCircuitReason, List<RunReport> lastRuns,
		Map<MessageStatus, Long> messages, Queue queue, DeliverySummary delivery, RetentionPolicy retention) {

	/**
	 * The unsent messages by whether they may go now.
	 *
	 * @param due unsent messages whose time has come, waiting for a run
	 * @param scheduled unsent messages not due yet: a {@code sendAt} ahead, or a backoff
	 * after a failed attempt
	 * @param oldestDueAge how long ago the oldest due message was created; null when none
	 * is due
	 */
	record Queue(long due, long scheduled, Duration oldestDueAge) {

	}

}
