package io.messagedispatch.message.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.messagedispatch.message.MessageRules;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.RequeueFilter;
import io.messagedispatch.message.web.refusals.MessageRejectedException;

import org.springframework.util.MultiValueMap;

/**
 * The query parameters of a bulk requeue, read strictly: a call that changes data must
 * never widen because of a typo, so an unknown or misspelled parameter, one given twice,
 * or a value of the wrong form is refused rather than ignored.
 *
 * @param filter which failed messages it takes
 * @param dryRun whether it only counts them
 */
record RequeueRequest(RequeueFilter filter, boolean dryRun) {

	static final int MAX_ERROR_TEXT = 200;

	private static final List<String> PARAMETERS = List.of("status", "phoneNumber", "client", "failedFrom", "failedTo",
			"errorContains", "dryRun");

	private static final Set<String> KNOWN = Set.copyOf(PARAMETERS);

	static RequeueRequest read(MultiValueMap<String, String> parameters) {
		List<MessageRules.Violation> violations = new ArrayList<>();
		parameters.keySet()
			.stream()
			.filter(name -> !KNOWN.contains(name))
			.sorted()
			.forEach(name -> violations.add(new MessageRules.Violation(name,
					"is not a parameter of requeue: use " + String.join(", ", PARAMETERS))));
		PARAMETERS.stream()
			.filter(name -> parameters.containsKey(name) && parameters.get(name).size() > 1)
			.forEach(name -> violations.add(new MessageRules.Violation(name, "must be given once")));
		String status = parameters.getFirst("status");
		if (status != null && MessageStatus.fromValue(status).orElse(null) != MessageStatus.FAILED) {
			violations.add(new MessageRules.Violation("status", "only failed messages can be requeued"));
		}
		String phoneNumber = parameters.containsKey("phoneNumber")
				? FilterValues.phoneNumberParameter("phoneNumber", parameters.getFirst("phoneNumber"), violations)
				: null;
		String client = parameters.containsKey("client")
				? FilterValues.client("client", parameters.getFirst("client"), violations) : null;
		Instant from = parameters.containsKey("failedFrom")
				? FilterValues.instant("failedFrom", parameters.getFirst("failedFrom"), violations) : null;
		Instant to = parameters.containsKey("failedTo")
				? FilterValues.instant("failedTo", parameters.getFirst("failedTo"), violations) : null;
		FilterValues.range("failedFrom", from, "failedTo", to, violations);
		String errorContains = parameters.getFirst("errorContains");
		if (parameters.containsKey("errorContains")
				&& (errorContains == null || errorContains.isEmpty() || errorContains.length() > MAX_ERROR_TEXT
						|| errorContains.chars().anyMatch(Character::isISOControl))) {
			violations.add(new MessageRules.Violation("errorContains",
					"must be 1 to " + MAX_ERROR_TEXT + " characters of the error's text, without control characters"));
		}
		boolean dryRun = dryRun(parameters.getFirst("dryRun"), violations);
		if (!violations.isEmpty()) {
			throw new MessageRejectedException(violations);
		}
		return new RequeueRequest(new RequeueFilter(phoneNumber, client, from, to, errorContains), dryRun);
	}

	private static boolean dryRun(String value, List<MessageRules.Violation> violations) {
		if (value == null) {
			return false;
		}
		String flag = value.trim().toLowerCase(Locale.ROOT);
		if (!flag.equals("true") && !flag.equals("false")) {
			violations.add(new MessageRules.Violation("dryRun", "must be true or false"));
		}
		return flag.equals("true");
	}

}
