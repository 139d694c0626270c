package io.messagedispatch.dispatch;

import java.time.Duration;

/**
 * The dispatch settings in force, as operators see them in {@code /processor/status}.
 *
 * @param lease how long a claim holds a message: twice the longest a chunk can take, plus
 * a margin
 * @param shutdownTimeout how long shutdown waits for the run in flight; the
 * orchestrator's grace period must be longer
 * @param clockSkew how far instance clocks may disagree before an expired claim could be
 * taken from a live run
 */
public record DispatchSettings(Duration interval, Duration initialDelay, int batchSize, int chunkSize,
		int sendConcurrency, Duration maxRunDuration, Duration lease, Duration lockLease, Duration shutdownTimeout,
		Duration clockSkew) {
}
