package io.messagedispatch.message.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.messagedispatch.message.CancelFilter;
import io.messagedispatch.message.MessageRules;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.web.refusals.MessageRejectedException;

/**
 * The filter of a bulk cancel, read strictly: a call that changes data must never widen
 * because of a typo, so an unknown or misspelled field, a value of the wrong type, or a
 * status other than {@code unsent} is refused rather than ignored.
 */
final class CancelRequest {

	private static final Set<String> FIELDS = Set.of("status", "phoneNumber", "createdBefore", "createdAfter");

	private CancelRequest() {
	}

	static CancelFilter read(Map<String, Object> body) {
		if (body == null) {
			throw new MessageRejectedException("filter", "is required, e.g. {\"status\": \"unsent\"}");
		}
		List<MessageRules.Violation> violations = new ArrayList<>();
		body.keySet()
			.stream()
			.filter(field -> !FIELDS.contains(field))
			.sorted()
			.forEach(field -> violations.add(new MessageRules.Violation(field,
					"is not a filter of bulk cancel: use status, phoneNumber, createdBefore, createdAfter")));
		if (!(body.get("status") instanceof String status)
				|| MessageStatus.fromValue(status).orElse(null) != MessageStatus.UNSENT) {
			violations
				.add(new MessageRules.Violation("status", "must be \"unsent\": only unsent messages are cancelled"));
		}
		String phoneNumber = null;
		if (body.containsKey("phoneNumber")) {
			if (body.get("phoneNumber") instanceof String number && MessageRules.isPhoneNumber(number)) {
				phoneNumber = number;
			}
			else {
				violations.add(new MessageRules.Violation("phoneNumber", MessageRules.NOT_E164));
			}
		}
		Instant createdBefore = instant(body, "createdBefore", violations);
		Instant createdAfter = instant(body, "createdAfter", violations);
		if (!violations.isEmpty()) {
			throw new MessageRejectedException(violations);
		}
		return new CancelFilter(phoneNumber, createdBefore, createdAfter);
	}

	private static Instant instant(Map<String, Object> body, String field, List<MessageRules.Violation> violations) {
		if (!body.containsKey(field)) {
			return null;
		}
		if (body.get(field) instanceof String text) {
			try {
				return Instant.parse(text.trim());
			}
			catch (DateTimeParseException ex) {
				// reported below
			}
		}
		violations.add(new MessageRules.Violation(field, "must be an ISO-8601 instant, e.g. 2026-05-01T12:00:00Z"));
		return null;
	}

}
