package io.messagedispatch.dispatch;

import java.time.Duration;

/**
 * The dispatch settings in force, as operators see them in {@code /processor/status}.
 */
public record DispatchSettings(Duration interval, Duration initialDelay, int batchSize, int chunkSize,
		int sendConcurrency, Duration maxRunDuration, Duration lease, Duration lockLease) {
}
