package io.messagedispatch.message;

import java.time.Instant;

import org.bson.types.ObjectId;

/**
 * Test data: a valid unsent message unless told otherwise.
 */
public final class MessageBuilder {

	private String id = new ObjectId().toHexString();

	private String phoneNumber = "+905551111111";

	private String content = "hello";

	private Instant createdAt = Instant.parse("2026-01-01T00:00:00Z");

	private MessageBuilder() {
	}

	public static MessageBuilder aMessage() {
		return new MessageBuilder();
	}

	public MessageBuilder id(String id) {
		this.id = id;
		return this;
	}

	public MessageBuilder phoneNumber(String phoneNumber) {
		this.phoneNumber = phoneNumber;
		return this;
	}

	public MessageBuilder content(String content) {
		this.content = content;
		return this;
	}

	public MessageBuilder createdAt(Instant createdAt) {
		this.createdAt = createdAt;
		return this;
	}

	public Message build() {
		return Message.accepted(this.id, this.phoneNumber, this.content, this.createdAt);
	}

}
