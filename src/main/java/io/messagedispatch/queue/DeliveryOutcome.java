package io.messagedispatch.queue;

import java.time.Instant;

/**
 * What one dispatch attempt decided for a claimed message; the store records a chunk of
 * these in one bulk write.
 */
public sealed interface DeliveryOutcome {

	String messageId();

	/** How many real POSTs this attempt made (0 when the message was never sent). */
	int posts();

	/** What went wrong; null for a sent message. */
	default String error() {
		return null;
	}

	/** The provider accepted it. */
	record Sent(String messageId, int posts, String webhookMessageId, Instant sentAt) implements DeliveryOutcome {
	}

	/** A transient failure: try again, not before {@code nextAttemptAt}. */
	record RetryLater(String messageId, int posts, String error, Instant nextAttemptAt) implements DeliveryOutcome {
	}

	/** Given up on, with the reason. */
	record Failed(String messageId, int posts, String error) implements DeliveryOutcome {
	}

	/** Its time ran out before the provider took it: never POSTed again. */
	record Expired(String messageId, int posts, String error) implements DeliveryOutcome {
	}

}
