package io.messagedispatch.provider;

import java.time.Duration;
import java.util.List;

/**
 * What the provider made of one message after the in-run retries, how many real POSTs it
 * took and what each of them got: {@code log} has one entry per POST, oldest first (empty
 * where a caller did not keep them).
 */
public sealed interface ProviderResult {

	int posts();

	List<PostAttempt> log();

	/**
	 * A 2xx: the provider has the message. {@code providerMessageId} is null when the
	 * body carried none.
	 */
	record Accepted(String providerMessageId, int posts, List<PostAttempt> log) implements ProviderResult {

		public Accepted {
			log = List.copyOf(log);
		}

		public Accepted(String providerMessageId, int posts) {
			this(providerMessageId, posts, List.of());
		}

	}

	/**
	 * A 4xx other than 408, 429 and the pause statuses, or a request that could not be
	 * built: sending it again will not help.
	 */
	record Rejected(String reason, int posts, List<PostAttempt> log) implements ProviderResult {

		public Rejected {
			log = List.copyOf(log);
		}

		public Rejected(String reason, int posts) {
			this(reason, posts, List.of());
		}

	}

	/**
	 * The provider refused the service itself: credentials or setup
	 * ({@code messaging.webhook.pause-on-status}). Not the message's fault, so it waits,
	 * without using up its attempts, until the provider takes messages again.
	 */
	record Paused(String reason, int posts, List<PostAttempt> log) implements ProviderResult {

		public Paused {
			log = List.copyOf(log);
		}

		public Paused(String reason, int posts) {
			this(reason, posts, List.of());
		}

	}

	/**
	 * Its {@code expiresAt} came before a POST could start (a retry within the call, a
	 * wait for the rate limit): not POSTed again.
	 */
	record Expired(String reason, int posts, List<PostAttempt> log) implements ProviderResult {

		public Expired {
			log = List.copyOf(log);
		}

		public Expired(String reason, int posts) {
			this(reason, posts, List.of());
		}

	}

	/**
	 * A timeout, connection failure, 408, 429 or 5xx that outlived the in-run retries, or
	 * an unexpected failure while sending: worth another try later, not before
	 * {@code retryAfter} when the provider said so.
	 */
	record Unavailable(String reason, int posts, Duration retryAfter, List<PostAttempt> log) implements ProviderResult {

		public Unavailable {
			log = List.copyOf(log);
		}

		public Unavailable(String reason, int posts, Duration retryAfter) {
			this(reason, posts, retryAfter, List.of());
		}

	}

}
