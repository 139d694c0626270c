package io.messagedispatch.message;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The request asked to store messages that break the message rules; nothing was stored.
 */
public class MessageRejectedException extends RuntimeException {

	private final List<MessageRules.Violation> violations;

	public MessageRejectedException(List<MessageRules.Violation> violations) {
		super("invalid message: " + violations.stream().map(Object::toString).collect(Collectors.joining("; ")));
		this.violations = List.copyOf(violations);
	}

	public MessageRejectedException(String field, String problem) {
		this(List.of(new MessageRules.Violation(field, problem)));
	}

	public List<MessageRules.Violation> violations() {
		return this.violations;
	}

}
