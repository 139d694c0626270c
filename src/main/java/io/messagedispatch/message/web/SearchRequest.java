package io.messagedispatch.message.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.messagedispatch.message.MessageRules;
import io.messagedispatch.message.MessageSearch;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.web.refusals.MessageRejectedException;

/**
 * The filters of {@code GET /messages}, read from its query parameters: each one given
 * must be of its form, or the listing is refused with every parameter that is not.
 */
final class SearchRequest {

	static final String STATUSES = Arrays.stream(MessageStatus.values())
		.map(MessageStatus::value)
		.collect(Collectors.joining(", "));

	private SearchRequest() {
	}

	static MessageSearch read(String status, String phoneNumber, String client, String createdFrom, String createdTo) {
		List<MessageRules.Violation> violations = new ArrayList<>();
		MessageStatus wanted = null;
		if (status != null) {
			wanted = MessageStatus.fromValue(status).orElse(null);
			if (wanted == null) {
				violations.add(new MessageRules.Violation("status", "must be one of " + STATUSES));
			}
		}
		String number = (phoneNumber != null)
				? FilterValues.phoneNumberParameter("phoneNumber", phoneNumber, violations) : null;
		String enqueuedBy = (client != null) ? FilterValues.client("client", client, violations) : null;
		Instant from = (createdFrom != null) ? FilterValues.instant("createdFrom", createdFrom, violations) : null;
		Instant to = (createdTo != null) ? FilterValues.instant("createdTo", createdTo, violations) : null;
		FilterValues.range("createdFrom", from, "createdTo", to, violations);
		if (!violations.isEmpty()) {
			throw new MessageRejectedException(violations);
		}
		return new MessageSearch(wanted, number, enqueuedBy, from, to);
	}

}
