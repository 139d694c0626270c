package io.messagedispatch.processor;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.messagedispatch.message.MessageRules;
import io.messagedispatch.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * A request for test messages breaks their rules; nothing was enqueued. {@code errors}
 * names each broken field, as for a refused message.
 */
class TestMessagesRejectedException extends ProblemException {

	TestMessagesRejectedException(List<MessageRules.Violation> violations) {
		super(HttpStatus.BAD_REQUEST, "invalid test messages request: "
				+ violations.stream().map(Object::toString).collect(Collectors.joining("; ")));
		getBody().setProperty("errors",
				violations.stream()
					.map(violation -> Map.of("field", violation.field(), "message", violation.message()))
					.toList());
	}

	TestMessagesRejectedException(String field, String message) {
		this(List.of(new MessageRules.Violation(field, message)));
	}

}
