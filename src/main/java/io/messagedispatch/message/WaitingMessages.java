package io.messagedispatch.message;

import java.time.Instant;

/**
 * The unsent messages split by whether they may go now, as operators watch the queue.
 *
 * @param due unsent messages whose time has come: waiting for a run to claim them
 * @param scheduled unsent messages not due yet: a {@code sendAt} ahead, or a backoff
 * after a failed attempt
 * @param oldestDueCreatedAt when the oldest due message was created; null when none is
 * due
 */
public record WaitingMessages(long due, long scheduled, Instant oldestDueCreatedAt) {
}
