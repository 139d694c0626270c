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

	private MessageStatus status = MessageStatus.UNSENT;

	private int attempts;

	private Instant sentAt;

	private String owner;

	private Instant sendAt;

	private Instant expiresAt;

	private MessagePriority priority = MessagePriority.NORMAL;

	private String client;

	private Instant leaseUntil;

	private String webhookMessageId;

	private String lastError;

	private Instant settledAt;

	private Delivery delivery;

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

	public MessageBuilder status(MessageStatus status) {
		this.status = status;
		return this;
	}

	public MessageBuilder attempts(int attempts) {
		this.attempts = attempts;
		return this;
	}

	/** Not to be sent before this instant. */
	public MessageBuilder sendAt(Instant sendAt) {
		this.sendAt = sendAt;
		return this;
	}

	/** Never POSTed at or after this instant. */
	public MessageBuilder expiresAt(Instant expiresAt) {
		this.expiresAt = expiresAt;
		return this;
	}

	public MessageBuilder priority(MessagePriority priority) {
		this.priority = priority;
		return this;
	}

	/** Enqueued by this client system. */
	public MessageBuilder client(String client) {
		this.client = client;
		return this;
	}

	/** Held by a run's claim, as the reader hands it out. */
	public MessageBuilder claimedBy(String owner, Instant leaseUntil) {
		this.status = MessageStatus.SENDING;
		this.owner = owner;
		this.leaseUntil = leaseUntil;
		return this;
	}

	/**
	 * Accepted by the provider under its id at that time, after at least one attempt.
	 */
	public MessageBuilder sent(String webhookMessageId, Instant sentAt) {
		this.status = MessageStatus.SENT;
		this.attempts = Math.max(1, this.attempts);
		this.webhookMessageId = webhookMessageId;
		this.sentAt = sentAt;
		return this;
	}

	/** Reported by the provider as delivered, or not, at that time. */
	public MessageBuilder delivery(Delivery delivery) {
		this.delivery = delivery;
		return this;
	}

	/**
	 * Given up on for this reason.
	 */
	public MessageBuilder failed(String lastError) {
		this.status = MessageStatus.FAILED;
		this.lastError = lastError;
		return this;
	}

	/** Settled (sent, failed, ...) at this instant rather than when last updated. */
	public MessageBuilder settledAt(Instant settledAt) {
		this.settledAt = settledAt;
		return this;
	}

	/**
	 * The message; last updated (and, when final, settled) when it was sent, else when it
	 * was created, and due since it was created or from its {@code sendAt}.
	 */
	public Message build() {
		Instant updatedAt = (this.sentAt != null) ? this.sentAt : this.createdAt;
		Instant due = (this.sendAt != null && this.sendAt.isAfter(this.createdAt)) ? this.sendAt : this.createdAt;
		Instant settledAt = (this.status != null && this.status.settled())
				? ((this.settledAt != null) ? this.settledAt : updatedAt) : null;
		return new Message(this.id, this.phoneNumber, this.content, this.status, this.attempts, this.createdAt,
				updatedAt, due, this.sentAt, this.webhookMessageId, this.lastError, this.owner, this.leaseUntil,
				this.sendAt, this.expiresAt, this.priority, this.client, settledAt, this.delivery);
	}

}
