package io.messagedispatch.message;

import java.time.Instant;

/**
 * Which unsent messages a bulk cancel takes; every criterion given must hold, and one
 * left null does not narrow it.
 *
 * @param phoneNumber only messages to this number (E.164, exact)
 * @param createdBefore only messages created before this instant
 * @param createdAfter only messages created after this instant
 */
public record CancelFilter(String phoneNumber, Instant createdBefore, Instant createdAfter) {
}
