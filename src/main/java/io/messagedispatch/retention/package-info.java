/**
 * Retention: settled messages ({@code sent}, {@code failed}, {@code expired},
 * {@code cancelled}) are deleted {@code messaging.retention.settled} after they settled,
 * and idempotency keys {@code messaging.message.idempotency-retention} after they were
 * taken. On MongoDB TTL indexes do it; a periodic sweep, bounded and batched, does it on
 * the embedded store (whose TTL indexes never delete) and backs the TTL monitor up
 * everywhere else.
 */
package io.messagedispatch.retention;
