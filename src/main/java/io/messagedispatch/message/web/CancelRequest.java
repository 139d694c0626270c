package io.messagedispatch.message.web;

import java.time.Instant;
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
		String phoneNumber = body.containsKey("phoneNumber")
				? FilterValues.phoneNumber("phoneNumber", body.get("phoneNumber"), violations) : null;
		Instant createdBefore = body.containsKey("createdBefore")
				? FilterValues.instant("createdBefore", body.get("createdBefore"), violations) : null;
		Instant createdAfter = body.containsKey("createdAfter")
				? FilterValues.instant("createdAfter", body.get("createdAfter"), violations) : null;
		if (!violations.isEmpty()) {
			throw new MessageRejectedException(violations);
		}
		return new CancelFilter(phoneNumber, createdBefore, createdAfter);
	}

}
