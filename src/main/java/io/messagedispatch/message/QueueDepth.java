package io.messagedispatch.message;

import java.time.Instant;
import java.util.Map;

/**
 * How full the queue is at one moment, as the queue gauges show it.
 *
 * @param counts how many messages are in each status
 * @param oldestUnsentCreatedAt when the oldest message still waiting to be sent was
 * created; null when none waits
 */
public record QueueDepth(Map<MessageStatus, Long> counts, Instant oldestUnsentCreatedAt) {
}
