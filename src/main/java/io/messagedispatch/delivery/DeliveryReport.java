package io.messagedispatch.delivery;

import java.time.Instant;

/**
 * One delivery report of the provider, as read from its call.
 *
 * @param messageId the provider's id of the message (our {@code webhookMessageId})
 * @param status what became of the message
 * @param at when, by the provider; to the millisecond, as it is stored
 * @param errorCode the provider's reason, when it gives one
 */
public record DeliveryReport(String messageId, DeliveryStatus status, Instant at, String errorCode) {
}
