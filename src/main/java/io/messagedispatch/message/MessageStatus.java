package io.messagedispatch.message;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a message is in its life: stored as the lower-case value, which is what other
 * tools write and query.
 */
public enum MessageStatus {

	/** Waiting to be sent, possibly not before {@code nextAttemptAt}. */
	UNSENT("unsent"),
	/** Claimed by a dispatch run that holds a lease on it. */
	SENDING("sending"),
	/** Accepted by the provider. */
	SENT("sent"),
	/** Given up on: invalid, refused by the provider, or out of attempts. */
	FAILED("failed"),
	/** Not POSTed before its {@code expiresAt}, and never will be. */
	EXPIRED("expired"),
	/** Cancelled while it waited; never POSTed. */
	CANCELLED("cancelled");

	private final String value;

	MessageStatus(String value) {
		this.value = value;
	}

	public String value() {
		return this.value;
	}

	/**
	 * Reads a stored or requested status, ignoring case; empty when it is none of ours.
	 */
	public static Optional<MessageStatus> fromValue(String value) {
		if (value == null) {
			return Optional.empty();
		}
		String lower = value.trim().toLowerCase(Locale.ROOT);
		for (MessageStatus status : values()) {
			if (status.value.equals(lower)) {
				return Optional.of(status);
			}
		}
		return Optional.empty();
	}

	/** Whether the message is done with: sent, failed, expired or cancelled. */
	public boolean settled() {
		return this != UNSENT && this != SENDING;
	}

	@Override
	public String toString() {
		return this.value;
	}

}
