package io.messagedispatch.dispatch;

import java.time.Duration;

import io.messagedispatch.provider.WebhookProperties;

import org.springframework.stereotype.Component;

/**
 * Durations derived from the settings, so that they always cover the worst case: a claim's lease outlasts the
 * slowest chunk.
 */
@Component
class DispatchTimings {

	private static final Duration LEASE_MARGIN = Duration.ofSeconds(5);


	private final Duration lease;

	private final Duration lockLease;

	private final Duration scheduledPause;

	DispatchTimings(DispatchProperties dispatch, WebhookProperties webhook) {
		WebhookProperties.Retry retry = webhook.retry();
		Duration perPost = webhook.connectTimeout().plus(webhook.responseTimeout());
		Duration backoff = Duration.ZERO;
		Duration delay = retry.delay();
		for (int i = 0; i < retry.maxRetries(); i++) {
			backoff = backoff.plus(delay.compareTo(retry.maxDelay()) > 0 ? retry.maxDelay() : delay);
			delay = Duration.ofMillis((long) (delay.toMillis() * retry.multiplier()));
		}
		Duration perMessage = perPost.multipliedBy(retry.maxRetries() + 1L).plus(backoff);
		long rounds = (dispatch.chunkSize() + dispatch.sendConcurrency() - 1) / dispatch.sendConcurrency();
		Duration worstChunk = perMessage.multipliedBy(rounds);
		this.lease = worstChunk.multipliedBy(2).plus(LEASE_MARGIN);
		this.lockLease = dispatch.lockLease();
		this.scheduledPause = dispatch.interval().multipliedBy(4).dividedBy(5);
	}

	/** How long a claim holds a message before another runner may take it. */
	Duration lease() {
		return this.lease;
	}

	/** The cluster lock expires this long after its holder's last heartbeat, e.g. when it crashed. */
	Duration lockLease() {
		return this.lockLease;
	}

	/**
	 * A scheduled run keeps the lock until this long after it started, so that the cluster as a whole runs about
	 * once per interval, whichever instance's timer fires.
	 */
	Duration scheduledPause() {
		return this.scheduledPause;
	}

}
