package io.messagedispatch.message.web;

import java.time.Instant;

import io.messagedispatch.message.Delivery;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessagePriority;
import io.messagedispatch.message.PhoneNumbers;

/**
 * A message and its delivery state as the API shows it; the claim fields stay internal.
 * {@code delivery} is what the provider last reported of its delivery to the phone, null
 * until a report came.
 */
public record MessageView(String id, String phoneNumber, String content, String status, int attempts, Instant createdAt,
		Instant updatedAt, Instant nextAttemptAt, Instant sentAt, String webhookMessageId, String lastError,
		Instant sendAt, Instant expiresAt, String priority, String client, Delivery delivery) {

	public static MessageView of(Message message) {
		return new MessageView(message.id(), message.phoneNumber(), message.content(),
				message.status() == null ? "unknown" : message.status().value(), message.attempts(),
				message.createdAt(), message.updatedAt(), message.nextAttemptAt(), message.sentAt(),
				message.webhookMessageId(), message.lastError(), message.sendAt(), message.expiresAt(),
				message.priority() == null ? MessagePriority.NORMAL.value() : message.priority().value(),
				message.client(), message.delivery());
	}

	@Override
	public String toString() {
		return "MessageView[id=" + this.id + ", phoneNumber=" + PhoneNumbers.mask(this.phoneNumber) + ", content="
				+ PhoneNumbers.describeContent(this.content) + ", status=" + this.status + ", attempts=" + this.attempts
				+ "]";
	}

}
