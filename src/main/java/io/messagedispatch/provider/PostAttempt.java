package io.messagedispatch.provider;

import java.time.Instant;

/**
 * One real POST of a message and what came of it, as the attempt log shows it: the
 * answer's status (null when none came), what went wrong (null for a 2xx), how long the
 * exchange took and the start of the answer, with phone numbers masked and the auth key
 * hidden.
 *
 * @param at when the POST started
 * @param httpStatus the answer's status code, or null for a timeout or connection failure
 * @param error what went wrong, or null when the provider took the message
 * @param latencyMs how long the exchange took, in milliseconds
 * @param responseExcerpt at most {@link #MAX_EXCERPT} characters of the answer's body, or
 * null when it had none
 */
public record PostAttempt(Instant at, Integer httpStatus, String error, long latencyMs, String responseExcerpt) {

	/** The most characters of an answer kept in the log. */
	public static final int MAX_EXCERPT = 256;

}
