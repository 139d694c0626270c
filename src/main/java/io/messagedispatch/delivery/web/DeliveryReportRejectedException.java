package io.messagedispatch.delivery.web;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.messagedispatch.message.MessageRules;
import io.messagedispatch.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * The provider's call breaks the rules of a delivery report; none of its reports was
 * taken. {@code errors} names each broken field, as for a refused message.
 */
class DeliveryReportRejectedException extends ProblemException {

	DeliveryReportRejectedException(List<MessageRules.Violation> violations) {
		super(HttpStatus.BAD_REQUEST, "invalid delivery report: "
				+ violations.stream().map(Object::toString).collect(Collectors.joining("; ")));
		getBody().setProperty("errors",
				violations.stream()
					.map(violation -> Map.of("field", violation.field(), "message", violation.message()))
					.toList());
	}

	DeliveryReportRejectedException(String field, String message) {
		this(List.of(new MessageRules.Violation(field, message)));
	}

}
