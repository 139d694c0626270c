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

	private int attempts;

	private String owner;

	private Instant leaseUntil;

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

	/** How many times it was POSTed before. */
	public MessageBuilder attempts(int attempts) {
		this.attempts = attempts;
		return this;
	}

	/** Held by a run's claim, as the reader hands it out. */
	public MessageBuilder claimedBy(String owner, Instant leaseUntil) {
		this.owner = owner;
		this.leaseUntil = leaseUntil;
		return this;
	}

	public Message build() {
		Message accepted = Message.accepted(this.id, this.phoneNumber, this.content, this.createdAt);
		if (this.owner == null && this.attempts == 0) {
			return accepted;
		}
		return new Message(accepted.id(), accepted.phoneNumber(), accepted.content(),
				this.owner == null ? MessageStatus.UNSENT : MessageStatus.SENDING, this.attempts, accepted.createdAt(),
				accepted.updatedAt(), accepted.nextAttemptAt(), null, null, null, this.owner, this.leaseUntil);
	}

}
