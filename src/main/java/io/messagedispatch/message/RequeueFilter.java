package io.messagedispatch.message;

import java.time.Instant;

/**
 * Which failed messages a bulk requeue takes; every criterion given must hold, and one
 * left null does not narrow it. Expired and cancelled messages are never taken, nor a
 * failed one whose {@code expiresAt} has passed.
 *
 * @param phoneNumber only messages to this number (E.164, exact)
 * @param client only messages this client system enqueued
 * @param failedFrom only messages that failed at or after this instant
 * @param failedTo only messages that failed before this instant
 * @param errorContains only messages whose {@code lastError} contains this text,
 * literally and case-sensitively
 */
public record RequeueFilter(String phoneNumber, String client, Instant failedFrom, Instant failedTo,
		String errorContains) {

	/** Every failed message. */
	public static RequeueFilter allFailed() {
		return new RequeueFilter(null, null, null, null, null);
	}

	@Override
	public String toString() {
		return "RequeueFilter[phoneNumber=" + PhoneNumbers.mask(this.phoneNumber) + ", client=" + this.client
				+ ", failedFrom=" + this.failedFrom + ", failedTo=" + this.failedTo + ", errorContains="
				+ (this.errorContains == null ? null : "(" + this.errorContains.length() + " characters)") + "]";
	}

}
