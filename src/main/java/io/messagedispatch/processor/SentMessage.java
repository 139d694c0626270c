package io.messagedispatch.processor;

import java.time.Instant;

import io.messagedispatch.message.Message;

/**
 * One entry of {@code GET /processor/sent-messages}, in the shape the old clients read.
 */
record SentMessage(String id, String webhookMessageId, String phoneNumber, String content, String status,
		Instant sentAt) {

	static SentMessage of(Message message) {
		return new SentMessage(message.id(), message.webhookMessageId(), message.phoneNumber(), message.content(),
				message.status().value(), message.sentAt());
	}

}
