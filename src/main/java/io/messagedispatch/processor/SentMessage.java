package io.messagedispatch.processor;

import java.time.Instant;

import io.messagedispatch.message.Message;
import io.messagedispatch.message.PhoneNumbers;

/**
 * One entry of {@code GET /processor/sent-messages}, in the shape the old clients read.
 */
record SentMessage(String id, String webhookMessageId, String phoneNumber, String content, String status,
		Instant sentAt) {

	static SentMessage of(Message message) {
		return new SentMessage(message.id(), message.webhookMessageId(), message.phoneNumber(), message.content(),
				message.status().value(), message.sentAt());
	}

	@Override
	public String toString() {
		return "SentMessage[id=" + this.id + ", phoneNumber=" + PhoneNumbers.mask(this.phoneNumber) + ", content="
				+ PhoneNumbers.describeContent(this.content) + ", sentAt=" + this.sentAt + "]";
	}

}
