package io.messagedispatch.message;

import java.time.Instant;

/**
 * One entry of a message's attempt log: a POST to the provider and what came of it, or
 * the reason a message was given up on before any POST. Kept on the message itself, so it
 * is written with the outcome and deleted with the message.
 *
 * @param at when the POST started, or when the message was given up on
 * @param instance the instance that sent it
 * @param runId the dispatch run that sent it
 * @param outcome what this entry meant for the message
 * @param httpStatus the provider's status code; null when no answer came or nothing was
 * POSTed
 * @param error what went wrong; null when the provider took the message
 * @param latencyMs how long the exchange took, in milliseconds (0 when nothing was
 * POSTed)
 * @param responseExcerpt the start of the provider's answer, phone numbers masked; null
 * when there was none
 */
public record Attempt(Instant at, String instance, String runId, Outcome outcome, Integer httpStatus, String error,
		long latencyMs, String responseExcerpt) {

	/** The most entries kept per message; older ones make way, the count goes on. */
	public static final int KEPT_PER_MESSAGE = 50;

	/** What one entry of the log meant for the message. */
	public enum Outcome {

		/** The provider took the message. */
		SENT("sent"),

		/** This POST failed, and the message was to be tried again. */
		RETRY("retry"),

		/** This POST failed, and the message was given up on. */
		FAILED("failed"),

		/** The message was given up on before any POST (invalid, or expired). */
		NOT_SENT("not-sent");

		private final String value;

		Outcome(String value) {
			this.value = value;
		}

		public String value() {
			return this.value;
		}

		/** The outcome stored as {@code value}, or null for one that is none of ours. */
		public static Outcome fromValue(String value) {
			for (Outcome outcome : values()) {
				if (outcome.value.equals(value)) {
					return outcome;
				}
			}
			return null;
		}

	}

}
