package io.messagedispatch.queue;

import java.time.Instant;
import java.util.List;

import io.messagedispatch.message.Attempt;

/**
 * What one dispatch attempt decided for a claimed message, with the entries it adds to
 * the message's attempt log; the store records a chunk of these in one bulk write.
 */
public sealed interface DeliveryOutcome {

	/** The entries this attempt adds to the message's attempt log, oldest first. */
	List<Attempt> log();

	/** This outcome with {@code log} as the entries it adds to the attempt log. */
	default DeliveryOutcome withLog(List<Attempt> log) {
		if (this instanceof Sent sent) {
			return new Sent(sent.messageId(), sent.posts(), sent.webhookMessageId(), sent.sentAt(), log);
		}
		if (this instanceof RetryLater retry) {
			return new RetryLater(retry.messageId(), retry.posts(), retry.error(), retry.nextAttemptAt(), log);
		}
		if (this instanceof Failed failed) {
			return new Failed(failed.messageId(), failed.posts(), failed.error(), log);
		}
		Expired expired = (Expired) this;
		return new Expired(expired.messageId(), expired.posts(), expired.error(), log);
	}

	String messageId();

	/** How many real POSTs this attempt made (0 when the message was never sent). */
	int posts();

	/** What went wrong; null for a sent message. */
	default String error() {
		return null;
	}

	/** The provider accepted it. */
	record Sent(String messageId, int posts, String webhookMessageId, Instant sentAt,
			List<Attempt> log) implements DeliveryOutcome {

		public Sent {
			log = List.copyOf(log);
		}

		public Sent(String messageId, int posts, String webhookMessageId, Instant sentAt) {
			this(messageId, posts, webhookMessageId, sentAt, List.of());
		}

	}

	/** A transient failure: try again, not before {@code nextAttemptAt}. */
	record RetryLater(String messageId, int posts, String error, Instant nextAttemptAt,
			List<Attempt> log) implements DeliveryOutcome {

		public RetryLater {
			log = List.copyOf(log);
		}

		public RetryLater(String messageId, int posts, String error, Instant nextAttemptAt) {
			this(messageId, posts, error, nextAttemptAt, List.of());
		}

	}

	/** Given up on, with the reason. */
	record Failed(String messageId, int posts, String error, List<Attempt> log) implements DeliveryOutcome {

		public Failed {
			log = List.copyOf(log);
		}

		public Failed(String messageId, int posts, String error) {
			this(messageId, posts, error, List.of());
		}

	}

	/** Its time ran out before the provider took it: never POSTed again. */
	record Expired(String messageId, int posts, String error, List<Attempt> log) implements DeliveryOutcome {

		public Expired {
			log = List.copyOf(log);
		}

		public Expired(String messageId, int posts, String error) {
			this(messageId, posts, error, List.of());
		}

	}

}
