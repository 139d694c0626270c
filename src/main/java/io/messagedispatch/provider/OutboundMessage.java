package io.messagedispatch.provider;

import java.time.Instant;

import io.messagedispatch.message.PhoneNumbers;

/**
 * What is POSTed for one message; {@code idempotencyKey} is the message id, the same on
 * every attempt.
 */
public record OutboundMessage(String idempotencyKey, String to, String content, Instant expiresAt) {

	public OutboundMessage(String idempotencyKey, String to, String content) {
		this(idempotencyKey, to, content, null);
	}

	@Override
	public String toString() {
		return "OutboundMessage[idempotencyKey=" + this.idempotencyKey + ", to=" + PhoneNumbers.mask(this.to)
				+ ", content=" + PhoneNumbers.describeContent(this.content) + "]";
	}

}
