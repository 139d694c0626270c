package io.messagedispatch.dispatch;

import java.time.Duration;

import io.messagedispatch.provider.WebhookProperties;

import org.springframework.stereotype.Component;

/**
 * Durations derived from the settings, so that they always cover the worst case: a claim's lease outlasts the
 * slowest chunk, and the cluster lock outlasts the longest run.
 */
@Component
class DispatchTimings {

	private static final Duration MARGIN = Duration.ofSeconds(30);

	private final Duration lease;

	private final Duration lockAtMostFor;

	private final Duration scheduledLockAtLeastFor;

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
		this.lease = worstChunk.multipliedBy(2).plus(MARGIN);
		this.lockAtMostFor = dispatch.maxRunDuration().plus(this.lease).plus(MARGIN);
		Duration mostOfInterval = dispatch.interval().multipliedBy(4).dividedBy(5);
		this.scheduledLockAtLeastFor = mostOfInterval.compareTo(this.lockAtMostFor) < 0 ? mostOfInterval
				: this.lockAtMostFor;
	}

	/** How long a claim holds a message before another runner may take it. */
	Duration lease() {
		return this.lease;
	}

	/** The cluster lock is released after this even if its holder died. */
	Duration lockAtMostFor() {
		return this.lockAtMostFor;
	}

	/**
	 * A scheduled run keeps the lock this long even when it finishes sooner, so that the cluster as a whole runs
	 * about once per interval, whichever instance's timer fires.
	 */
	Duration scheduledLockAtLeastFor() {
		return this.scheduledLockAtLeastFor;
	}

}
