package io.messagedispatch.receipt;

import java.time.Instant;

/**
 * Proof that the provider accepted a message: its id at the provider and when.
 *
 * @param messageId the provider's message id ({@code webhookMessageId}); null when the
 * provider gave none
 */
public record Receipt(String messageId, Instant sentAt) {
}
