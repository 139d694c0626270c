package io.messagedispatch.web;

import org.springframework.http.HttpStatus;

/**
 * The {@code limit} query parameter of the listing endpoints: 1 to 1000, 10 when absent,
 * and the old clients' {@code invalid limit parameter} for anything else.
 */
public final class Limits {

	public static final int DEFAULT = 10;

	public static final int MAX = 1000;

	private Limits() {
	}

	public static int parse(String value) {
		if (value == null) {
			return DEFAULT;
		}
		String trimmed = value.trim();
		if (!trimmed.matches("\\d{1,4}")) {
			throw new InvalidLimitException();
		}
		int limit = Integer.parseInt(trimmed);
		if (limit < 1 || limit > MAX) {
			throw new InvalidLimitException();
		}
		return limit;
	}

	/** The limit is not a whole number from 1 to 1000. */
	public static class InvalidLimitException extends ProblemException {

		InvalidLimitException() {
			super(HttpStatus.BAD_REQUEST, "invalid limit parameter");
		}

	}

}
