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
 */
public record Message(String id, String phoneNumber, String content, MessageStatus status, int attempts,
		Instant createdAt, Instant updatedAt, Instant nextAttemptAt, Instant sentAt, String webhookMessageId,
		String lastError, String owner, Instant leaseUntil) {

	/**
	 * A message as accepted by the intake API: unsent and due at once.
	 */
	public static Message accepted(String id, String phoneNumber, String content, Instant now) {
		return new Message(id, phoneNumber, content, MessageStatus.UNSENT, 0, now, now, now, null, null, null, null,
				null);
	}

	@Override
	public String toString() {
		return "Message[id=" + this.id + ", phoneNumber=" + PhoneNumbers.mask(this.phoneNumber) + ", content="
				+ PhoneNumbers.describeContent(this.content) + ", status=" + this.status + ", attempts=" + this.attempts
				+ ", owner=" + this.owner + "]";
	}

}
