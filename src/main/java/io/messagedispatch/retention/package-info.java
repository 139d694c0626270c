/**
 * Retention: settled messages ({@code sent}, {@code failed}, {@code expired},
 * {@code cancelled}) are deleted {@code messaging.retention.settled} after they settled,
 * idempotency keys {@code messaging.message.idempotency-retention} after they were taken,
 * delivery reports whose message is not known
 * {@code messaging.delivery-reports.unmatched-retention} after they were received, and
 * the throughput counters of a minute 24 hours after it began. On MongoDB TTL indexes do
 * it; a periodic sweep, bounded and batched, does it on the embedded store (whose TTL
 * indexes never delete) and backs the TTL monitor up everywhere else.
 */
package io.messagedispatch.retention;
