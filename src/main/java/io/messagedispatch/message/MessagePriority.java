package io.messagedispatch.message;

import java.util.Locale;
import java.util.Optional;

/**
 * How urgent a message is: due messages are claimed highest priority first, then oldest
 * first. Stored as its rank (0 for high), so that the claim query sorts on an index.
 */
public enum MessagePriority {

	HIGH("high", 0), NORMAL("normal", 1), LOW("low", 2);

	private final String value;

	private final int rank;

	MessagePriority(String value, int rank) {
		this.value = value;
		this.rank = rank;
	}

	public String value() {
		return this.value;
	}

	/** The stored form: 0, 1 or 2, highest priority first. */
	public int rank() {
		return this.rank;
	}

	/** The priority of a stored rank; empty for anything else. */
	public static Optional<MessagePriority> fromRank(Object rank) {
		if (rank instanceof Number number) {
			double value = number.doubleValue();
			for (MessagePriority priority : values()) {
				if (priority.rank == value) {
					return Optional.of(priority);
				}
			}
		}
		return Optional.empty();
	}

	/** The priority a request or another tool names, ignoring case; empty when none. */
	public static Optional<MessagePriority> fromValue(String value) {
		if (value == null) {
			return Optional.empty();
		}
		String lower = value.trim().toLowerCase(Locale.ROOT);
		for (MessagePriority priority : values()) {
			if (priority.value.equals(lower)) {
				return Optional.of(priority);
			}
		}
		return Optional.empty();
	}

	@Override
	public String toString() {
		return this.value;
	}

}
