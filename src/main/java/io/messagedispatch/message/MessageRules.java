package io.messagedispatch.message;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * The rules a message must meet to be sent, checked both when it is accepted and when a
 * stored one (possibly written by another tool) is about to be dispatched.
 */
@Component
public class MessageRules {

	private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{1,14}");

	/** What a phone number that is not E.164 is told. */
	public static final String NOT_E164 = "must be in E.164 format, e.g. +905551111111";

	private final int maxLength;

	public MessageRules(MessageProperties properties) {
		this.maxLength = properties.maxLength();
	}

	/** Whether this is a phone number in E.164 form. */
	public static boolean isPhoneNumber(String phoneNumber) {
		return phoneNumber != null && E164.matcher(phoneNumber).matches();
	}

	public List<Violation> check(String phoneNumber, String content) {
		List<Violation> violations = new ArrayList<>(2);
		if (phoneNumber == null || phoneNumber.isBlank()) {
			violations.add(new Violation("phoneNumber", "is required"));
		}
		else if (!isPhoneNumber(phoneNumber)) {
			violations.add(new Violation("phoneNumber", NOT_E164));
		}
		if (content == null || content.isBlank()) {
			violations.add(new Violation("content", "must not be empty"));
		}
		else if (content.codePointCount(0, content.length()) > this.maxLength) {
			violations.add(new Violation("content", "must be at most " + this.maxLength + " characters"));
		}
		return violations;
	}

	/** One broken rule: the field and what is wrong with it. */
	public record Violation(String field, String message) {

		public Violation at(String prefix) {
			return new Violation(prefix + "." + this.field, this.message);
		}

		@Override
		public String toString() {
			return this.field + " " + this.message;
		}

	}

}
