package io.messagedispatch.support;

import java.time.Duration;
import java.util.List;

import io.messagedispatch.message.Message;
import io.messagedispatch.queue.ClaimStream;
import io.messagedispatch.queue.MessageQueue;

/**
 * One claim outside a dispatch run, for tests that need messages held by an owner.
 */
public final class Claims {

	private Claims() {
	}

	/**
	 * Claims up to {@code max} due messages for {@code owner} with a stream of its own,
	 * as a run's first chunk would.
	 */
	public static List<Message> claim(MessageQueue queue, String owner, int max, Duration lease) {
		try (ClaimStream claims = queue.openClaims(owner, lease, max)) {
			return claims.next(max);
		}
	}

}
