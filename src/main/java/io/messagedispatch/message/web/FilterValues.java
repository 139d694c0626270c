package io.messagedispatch.message.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.messagedispatch.message.MessageRules;

/**
 * The values the filters of the listing, the bulk cancel and the bulk requeue share, read
 * the same way wherever they come from (a query parameter or a JSON field): a value of
 * the wrong form is a violation that names its field, never a value ignored.
 */
final class FilterValues {

	/** The longest client name a filter takes. */
	static final int MAX_CLIENT_LENGTH = 256;

	private static final String INSTANT = "must be an ISO-8601 instant, e.g. 2026-05-01T12:00:00Z";

	private FilterValues() {
	}

	/** An E.164 phone number, matched exactly. */
	static String phoneNumber(String field, Object value, List<MessageRules.Violation> violations) {
		if (value instanceof String number && MessageRules.isPhoneNumber(number)) {
			return number;
		}
		violations.add(new MessageRules.Violation(field, MessageRules.NOT_E164));
		return null;
	}

	/**
	 * An E.164 phone number given as a query parameter, where a {@code +} left unencoded
	 * arrives as a space: the refusal says so.
	 */
	static String phoneNumberParameter(String field, String value, List<MessageRules.Violation> violations) {
		if (value != null && value.startsWith(" ") && MessageRules.isPhoneNumber("+" + value.substring(1))) {
			violations
				.add(new MessageRules.Violation(field, MessageRules.NOT_E164 + " (write + as %2B in a query string)"));
			return null;
		}
		return phoneNumber(field, value, violations);
	}

	/** The name of a client system, matched exactly. */
	static String client(String field, Object value, List<MessageRules.Violation> violations) {
		if (value instanceof String client && !client.isBlank() && client.length() <= MAX_CLIENT_LENGTH) {
			return client;
		}
		violations.add(new MessageRules.Violation(field,
				"must be a client name of 1 to " + MAX_CLIENT_LENGTH + " characters"));
		return null;
	}

	/**
	 * The instants a filter takes: the years 0000 to 9999, which a stored date can hold.
	 */
	private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");

	private static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");

	/** An ISO-8601 instant such as {@code 2026-05-01T12:00:00Z}. */
	static Instant instant(String field, Object value, List<MessageRules.Violation> violations) {
		if (value instanceof String text) {
			try {
				Instant instant = Instant.parse(text.trim());
				if (!instant.isBefore(EARLIEST) && instant.isBefore(LATEST)) {
					return instant;
				}
			}
			catch (DateTimeParseException ex) {
				// reported below
			}
		}
		violations.add(new MessageRules.Violation(field, INSTANT));
		return null;
	}

	/**
	 * Checks that a time range {@code [from, to)} holds any instant at all, when both
	 * ends are given.
	 */
	static void range(String fromField, Instant from, String toField, Instant to,
			List<MessageRules.Violation> violations) {
		if (from != null && to != null && !to.isAfter(from)) {
			violations.add(new MessageRules.Violation(toField, "must be after " + fromField));
		}
	}

}
