package io.messagedispatch.message;

import java.time.Instant;

/**
 * Which messages a listing takes; every criterion given must hold, and one left null does
 * not narrow it.
 *
 * @param status only messages in this status
 * @param phoneNumber only messages to this number (E.164, exact)
 * @param client only messages this client system enqueued
 * @param createdFrom only messages created at or after this instant
 * @param createdTo only messages created before this instant
 */
public record MessageSearch(MessageStatus status, String phoneNumber, String client, Instant createdFrom,
		Instant createdTo) {

	/** Every message. */
	public static MessageSearch all() {
		return new MessageSearch(null, null, null, null, null);
	}

	/** This search, narrowed to the messages {@code client} enqueued. */
	public MessageSearch enqueuedBy(String client) {
		return new MessageSearch(this.status, this.phoneNumber, client, this.createdFrom, this.createdTo);
	}

	/** Whether it takes only messages created within a time range. */
	public boolean createdWithin() {
		return this.createdFrom != null || this.createdTo != null;
	}

	@Override
	public String toString() {
		return "MessageSearch[status=" + this.status + ", phoneNumber=" + PhoneNumbers.mask(this.phoneNumber)
				+ ", client=" + this.client + ", createdFrom=" + this.createdFrom + ", createdTo=" + this.createdTo
				+ "]";
	}

}
