package io.messagedispatch.provider;

import java.time.Duration;

/**
 * What the provider made of one message after the in-run retries, and how many real POSTs
 * it took.
 */
public sealed interface ProviderResult {

	int posts();

	/**
	 * A 2xx: the provider has the message. {@code providerMessageId} is null when the
	 * body carried none.
	 */
	record Accepted(String providerMessageId, int posts) implements ProviderResult {
	}

	/**
	 * A 4xx other than 408, 429 and the pause statuses, or a request that could not be
	 * built: sending it again will not help.
	 */
	record Rejected(String reason, int posts) implements ProviderResult {
	}

	/**
	 * The provider refused the service itself: credentials or setup
	 * ({@code messaging.webhook.pause-on-status}). Not the message's fault, so it waits,
	 * without using up its attempts, until the provider takes messages again.
	 */
	record Paused(String reason, int posts) implements ProviderResult {
	}

	/**
	 * Its {@code expiresAt} came before a POST could start (a retry within the call, a
	 * wait for the rate limit): not POSTed again.
	 */
	record Expired(String reason, int posts) implements ProviderResult {
	}

	/**
	 * A timeout, connection failure, 408, 429 or 5xx that outlived the in-run retries, or
	 * an unexpected failure while sending: worth another try later, not before
	 * {@code retryAfter} when the provider said so.
	 */
	record Unavailable(String reason, int posts, Duration retryAfter) implements ProviderResult {
	}

}
