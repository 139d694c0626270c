package io.messagedispatch.message;

import java.time.Instant;

/**
 * One outbound message as stored in the {@code messages} collection, with its delivery
 * state and the claim that a dispatch run holds on it while sending.
 *
 * @param id the message id in its text form (see {@link MessageIds}): hex for an
 * ObjectId, as the service creates them
 * @param status {@code null} only when a document written by another tool carries a
 * status that is none of ours
 * @param attempts how many times it was really POSTed to the provider
 * @param nextAttemptAt not to be sent before this time
 * @param owner the claim (instance and run) that is sending it, if any
 * @param leaseUntil when that claim expires and the message may be taken again
 * @param sendAt the client's "not before", if it gave one
 * @param expiresAt after this instant the message is never POSTed; null when it never
 * expires
 * @param priority due messages are claimed highest priority first
 * @param client the client system that enqueued it; null for the operator
 * @param settledAt when it reached a final status (sent, failed, expired, cancelled);
 * retention counts from here
 * @param delivery what the provider last reported of its delivery; null until a report
 * came
 */
public record Message(String id, String phoneNumber, String content, MessageStatus status, int attempts,
		Instant createdAt, Instant updatedAt, Instant nextAttemptAt, Instant sentAt, String webhookMessageId,
		String lastError, String owner, Instant leaseUntil, Instant sendAt, Instant expiresAt, MessagePriority priority,
		String client, Instant settledAt, Delivery delivery) {

	/**
	 * A message as accepted by the intake API: unsent, due at once, normal priority.
	 */
	public static Message accepted(String id, String phoneNumber, String content, Instant now) {
		return new Message(id, phoneNumber, content, MessageStatus.UNSENT, 0, now, now, now, null, null, null, null,
				null, null, null, MessagePriority.NORMAL, null, null, null);
	}

	/**
	 * This accepted message with when it may go and until when, and how urgent it is: due
	 * at {@code sendAt} when that is later than its creation.
	 */
	public Message scheduled(Instant sendAt, Instant expiresAt, MessagePriority priority) {
		Instant due = sendAt != null && sendAt.isAfter(this.nextAttemptAt) ? sendAt : this.nextAttemptAt;
		return new Message(this.id, this.phoneNumber, this.content, this.status, this.attempts, this.createdAt,
				this.updatedAt, due, this.sentAt, this.webhookMessageId, this.lastError, this.owner, this.leaseUntil,
				sendAt, expiresAt, priority, this.client, this.settledAt, this.delivery);
	}

	/** This message as enqueued by {@code client}. */
	public Message enqueuedBy(String client) {
		return new Message(this.id, this.phoneNumber, this.content, this.status, this.attempts, this.createdAt,
				this.updatedAt, this.nextAttemptAt, this.sentAt, this.webhookMessageId, this.lastError, this.owner,
				this.leaseUntil, this.sendAt, this.expiresAt, this.priority, client, this.settledAt, this.delivery);
	}

	/** Whether it may no longer be POSTed at {@code now}. */
	public boolean expiredAt(Instant now) {
		return this.expiresAt != null && !now.isBefore(this.expiresAt);
	}

	@Override
	public String toString() {
		return "Message[id=" + this.id + ", phoneNumber=" + PhoneNumbers.mask(this.phoneNumber) + ", content="
				+ PhoneNumbers.describeContent(this.content) + ", status=" + this.status + ", attempts=" + this.attempts
				+ ", owner=" + this.owner + "]";
	}

}
