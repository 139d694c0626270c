package io.messagedispatch.retention;

import java.time.Duration;

/**
 * The retention in force, as operators see it in {@code GET /processor/status}.
 *
 * @param settled how long a settled message is kept after it settled; null when settled
 * messages are kept forever
 * @param idempotencyKeys how long an {@code Idempotency-Key} is remembered
 * @param unmatchedDeliveryReports how long a delivery report whose message is not known
 * is kept after it was received
 * @param throughputCounters how long the cluster's counts of a minute are kept after it
 * began
 * @param deletedBy what deletes them: MongoDB's TTL indexes (the sweep backs them up), or
 * the sweep alone (the embedded store, or a server that refused a TTL index)
 * @param sweepInterval the pause between two sweeps on each instance
 */
public record RetentionPolicy(Duration settled, Duration idempotencyKeys, Duration unmatchedDeliveryReports,
		Duration throughputCounters, Deleter deletedBy, Duration sweepInterval) {

	/** What deletes documents whose retention is over. */
	public enum Deleter {

		/** MongoDB's TTL monitor, about once a minute; the sweep backs it up. */
		TTL_INDEX,
		/** The sweep, every sweep interval on each instance. */
		SWEEP

	}

}
