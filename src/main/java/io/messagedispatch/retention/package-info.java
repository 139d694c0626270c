/**
 * Retention: settled messages ({@code sent}, {@code failed}, {@code expired},
 * {@code cancelled}) are deleted {@code messaging.retention.settled} after they settled,
 * idempotency keys {@code messaging.message.idempotency-retention} after they were taken,
 * and delivery reports whose message is not known
 * {@code messaging.delivery-reports.unmatched-retention} after they were received. On
 * MongoDB TTL indexes do it; a periodic sweep, bounded and batched, does it on the
 * embedded store (whose TTL indexes never delete) and backs the TTL monitor up everywhere
 * else.
 */
package io.messagedispatch.retention;
