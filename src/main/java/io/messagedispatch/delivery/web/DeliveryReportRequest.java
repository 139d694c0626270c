package io.messagedispatch.delivery.web;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.messagedispatch.delivery.DeliveryReport;
import io.messagedispatch.delivery.DeliveryStatus;
import io.messagedispatch.message.MessageRules;
import tools.jackson.databind.JsonNode;

/**
 * The body of the provider's call, read strictly: one report or a JSON array of 1 to
 * {@value #MAX_REPORTS}, each with exactly the fields of a report. An unknown field, a
 * value of the wrong form, or a time more than {@link #CLOCK_TOLERANCE} ahead of this
 * instance's clock (it would block every later report of that message) is refused with
 * the field named, and none of the call's reports is taken.
 */
final class DeliveryReportRequest {

	/** The most reports one call may carry. */
	static final int MAX_REPORTS = 1000;

	/** How far ahead of this instance's clock a report's time may be. */
	static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(5);

	static final int MAX_ID_LENGTH = 1000;

	static final int MAX_ERROR_CODE_LENGTH = 200;

	private static final Set<String> FIELDS = Set.of("messageId", "status", "at", "errorCode");

	private static final String STATUSES = Arrays.stream(DeliveryStatus.values())
		.map(DeliveryStatus::value)
		.collect(Collectors.joining(", "));

	private DeliveryReportRequest() {
	}

	/**
	 * The reports of a body already parsed as JSON.
	 * @throws DeliveryReportRejectedException listing every broken rule
	 */
	static List<DeliveryReport> read(JsonNode body, Instant now) {
		List<MessageRules.Violation> violations = new ArrayList<>();
		List<DeliveryReport> reports = new ArrayList<>();
		if (body.isArray()) {
			if (body.size() < 1 || body.size() > MAX_REPORTS) {
				throw new DeliveryReportRejectedException("reports",
						"must be 1 to " + MAX_REPORTS + " reports, not " + body.size());
			}
			for (int i = 0; i < body.size(); i++) {
				reports.add(report(body.get(i), "[" + i + "].", now, violations));
			}
		}
		else {
			reports.add(report(body, "", now, violations));
		}
		if (!violations.isEmpty()) {
			throw new DeliveryReportRejectedException(violations);
		}
		return List.copyOf(reports);
	}

	private static DeliveryReport report(JsonNode node, String prefix, Instant now,
			List<MessageRules.Violation> violations) {
		if (!node.isObject()) {
			violations.add(new MessageRules.Violation(prefix.isEmpty() ? "report" : prefix + "report",
					"must be an object with messageId, status and at"));
			return null;
		}
		int before = violations.size();
		node.propertyNames()
			.stream()
			.filter(field -> !FIELDS.contains(field))
			.sorted()
			.forEach(field -> violations.add(new MessageRules.Violation(prefix + field,
					"is not a field of a delivery report: use messageId, status, at, errorCode")));
		String messageId = text(node.get("messageId"));
		if (messageId == null || messageId.isBlank() || messageId.length() > MAX_ID_LENGTH) {
			violations.add(new MessageRules.Violation(prefix + "messageId",
					"must be the provider's message id, 1 to " + MAX_ID_LENGTH + " characters"));
		}
		DeliveryStatus status = DeliveryStatus.fromValue(text(node.get("status"))).orElse(null);
		if (status == null) {
			violations.add(new MessageRules.Violation(prefix + "status", "must be one of " + STATUSES));
		}
		Instant at = instant(node.get("at"), prefix + "at", now, violations);
		String errorCode = null;
		JsonNode code = node.get("errorCode");
		if (code != null && !code.isNull()) {
			errorCode = code.isIntegralNumber() ? code.asString() : text(code);
			if (errorCode == null || errorCode.length() > MAX_ERROR_CODE_LENGTH) {
				violations.add(new MessageRules.Violation(prefix + "errorCode",
						"must be a string of at most " + MAX_ERROR_CODE_LENGTH + " characters, or null"));
			}
		}
		return (violations.size() > before) ? null : new DeliveryReport(messageId, status, at, errorCode);
	}

	private static Instant instant(JsonNode node, String field, Instant now, List<MessageRules.Violation> violations) {
		String text = text(node);
		if (text != null) {
			try {
				Instant at = Instant.parse(text.trim()).truncatedTo(ChronoUnit.MILLIS);
				if (at.isBefore(Instant.EPOCH)) {
					violations.add(new MessageRules.Violation(field, "must not be before 1970"));
					return null;
				}
				if (at.isAfter(now.plus(CLOCK_TOLERANCE))) {
					violations.add(new MessageRules.Violation(field, "must not be more than "
							+ CLOCK_TOLERANCE.toMinutes() + " minutes ahead of this" + " service's clock"));
					return null;
				}
				return at;
			}
			catch (DateTimeParseException ex) {
				// reported below
			}
		}
		violations.add(new MessageRules.Violation(field, "must be an ISO-8601 instant, e.g. 2026-05-01T12:00:03Z"));
		return null;
	}

	private static String text(JsonNode node) {
		return (node != null && node.isString()) ? node.stringValue() : null;
	}

}
