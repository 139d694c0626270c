package io.messagedispatch.message.web.refusals;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.messagedispatch.message.MessageRules;
import io.messagedispatch.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * The request asked to store messages that break the message rules; nothing was stored.
 */
public class MessageRejectedException extends ProblemException {

	private final List<MessageRules.Violation> violations;

	public MessageRejectedException(List<MessageRules.Violation> violations) {
		super(HttpStatus.BAD_REQUEST,
				"invalid message: " + violations.stream().map(Object::toString).collect(Collectors.joining("; ")));
		this.violations = List.copyOf(violations);
		getBody().setProperty("errors",
				this.violations.stream()
					.map(violation -> Map.of("field", violation.field(), "message", violation.message()))
					.toList());
	}

	public MessageRejectedException(String field, String problem) {
		this(List.of(new MessageRules.Violation(field, problem)));
	}

	public List<MessageRules.Violation> violations() {
		return this.violations;
	}

}
