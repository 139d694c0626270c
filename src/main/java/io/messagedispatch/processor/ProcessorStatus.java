package io.messagedispatch.processor;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.messagedispatch.dispatch.DispatchSettings;
import io.messagedispatch.dispatch.RunReport;
import io.messagedispatch.message.MessageStatus;

/**
 * What an operator sees at {@code GET /processor/status}.
 *
 * @param nextRunAt when this instance's next scheduled run is due; null while stopped
 * @param lastRuns the newest runs of the whole cluster, newest first
 * @param messages how many messages are in each status
 */
record ProcessorStatus(boolean running, DispatchSettings settings, Instant nextRunAt, List<RunReport> lastRuns,
		Map<MessageStatus, Long> messages) {
}
