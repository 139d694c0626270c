package io.messagedispatch.message.web;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.messagedispatch.message.MessagePriority;
import io.messagedispatch.message.MessageProperties;
import io.messagedispatch.message.MessageRules;

/**
 * When a requested message may go, until when, and how urgent it is, read from its
 * optional fields: a past {@code sendAt} means now, {@code validFor} counts from when the
 * message is due (now, or its {@code sendAt}), and
 * {@code messaging.message.default-validity} applies the same way when neither
 * {@code validFor} nor {@code expiresAt} is given. Every field that cannot be read is a
 * violation that names it.
 *
 * @param sendAt the requested "not before", as given (null when none)
 * @param expiresAt the instant after which it is never POSTed (null when never)
 */
record MessageSchedule(Instant sendAt, Instant expiresAt, MessagePriority priority) {

	/** The latest instant a message field may name. */
	private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

	static Result read(MessageRequest request, MessageProperties properties, Instant now) {
		List<MessageRules.Violation> violations = new ArrayList<>();
		Instant sendAt = instant(request.sendAt(), "sendAt", violations);
		if (sendAt != null && sendAt.isAfter(now.plus(properties.maxScheduleAhead()))) {
			violations.add(new MessageRules.Violation("sendAt",
					"must be at most " + properties.maxScheduleAhead() + " ahead"));
		}
		Instant expiresAt = instant(request.expiresAt(), "expiresAt", violations);
		Duration validFor = duration(request.validFor(), violations);
		Instant due = sendAt != null && sendAt.isAfter(now) ? sendAt : now;
		if (validFor != null && expiresAt != null) {
			violations.add(new MessageRules.Violation("validFor", "must not be given together with expiresAt"));
		}
		else if (validFor != null) {
			expiresAt = within(due, validFor, "validFor", violations);
		}
		else if (expiresAt == null && request.expiresAt() == null && properties.defaultValidity() != null) {
			expiresAt = within(due, properties.defaultValidity(), "validFor", violations);
		}
		if (expiresAt != null && !expiresAt.isAfter(due) && violations.isEmpty()) {
			violations.add(new MessageRules.Violation(request.validFor() != null ? "validFor" : "expiresAt",
					"must end after the message is due to be sent"));
		}
		MessagePriority priority = MessagePriority.NORMAL;
		if (request.priority() != null) {
			Optional<MessagePriority> named = MessagePriority.fromValue(request.priority());
			if (named.isPresent()) {
				priority = named.get();
			}
			else {
				violations.add(new MessageRules.Violation("priority", "must be one of high, normal, low"));
			}
		}
		return new Result(new MessageSchedule(truncated(sendAt), truncated(expiresAt), priority), violations);
	}

	/**
	 * {@code validity} from {@code due}, when the store can keep it: a validity so long
	 * that it ends past the year 9999 is refused rather than failing the write.
	 */
	private static Instant within(Instant due, Duration validity, String field,
			List<MessageRules.Violation> violations) {
		try {
			Instant end = due.plus(validity);
			if (!end.isAfter(LATEST)) {
				return end;
			}
		}
		catch (DateTimeException | ArithmeticException ex) {
			// reported below
		}
		violations.add(new MessageRules.Violation(field, "must end before the year 10000"));
		return null;
	}

	private static Instant instant(String value, String field, List<MessageRules.Violation> violations) {
		if (value == null) {
			return null;
		}
		try {
			Instant instant = Instant.parse(value.trim());
			if (instant.isBefore(Instant.EPOCH) || instant.isAfter(LATEST)) {
				violations.add(new MessageRules.Violation(field, "must be between the years 1970 and 9999"));
				return null;
			}
			return instant;
		}
		catch (DateTimeParseException ex) {
			violations.add(new MessageRules.Violation(field, "must be an ISO-8601 instant, e.g. 2026-05-01T12:00:00Z"));
			return null;
		}
	}

	private static Duration duration(String value, List<MessageRules.Violation> violations) {
		if (value == null) {
			return null;
		}
		try {
			Duration duration = Duration.parse(value.trim());
			if (duration.isNegative() || duration.isZero()) {
				violations.add(new MessageRules.Violation("validFor", "must be a positive duration"));
				return null;
			}
			return duration;
		}
		catch (DateTimeParseException | ArithmeticException ex) {
			violations.add(new MessageRules.Violation("validFor", "must be an ISO-8601 duration, e.g. PT10M"));
			return null;
		}
	}

	private static Instant truncated(Instant instant) {
		return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
	}

	/** The schedule, and what could not be read. */
	record Result(MessageSchedule schedule, List<MessageRules.Violation> violations) {
	}

}
