package io.messagedispatch.dispatch.run;

import java.time.Duration;

import io.messagedispatch.provider.SendRateProperties;
import io.messagedispatch.provider.WebhookProperties;
import io.messagedispatch.settings.InvalidSettingException;

import org.springframework.stereotype.Component;

/**
 * Durations derived from the settings, so that they always cover the worst case: a
 * claim's lease outlasts the slowest chunk (every POST timing out after its retries, and
 * every wait for the rate limit), and shutdown waits for at least that long, so that it
 * never puts back a claim whose POST is still running.
 */
@Component
public class DispatchTimings {

	private static final Duration LEASE_MARGIN = Duration.ofSeconds(5);

	private final Duration worstChunk;

	private final Duration lease;

	private final Duration lockLease;

	private final Duration scheduledPause;

	private final Duration clockSkew;

	private final Duration shutdownTimeout;

	DispatchTimings(DispatchProperties dispatch, WebhookProperties webhook, SendRateProperties rate) {
		WebhookProperties.Retry retry = webhook.retry();
		// response-timeout is the deadline of one whole exchange, connecting included
		Duration perPost = webhook.responseTimeout();
		Duration backoff = Duration.ZERO;
		Duration delay = retry.delay();
		for (int i = 0; i < retry.maxRetries(); i++) {
			backoff = backoff.plus(delay.compareTo(retry.maxDelay()) > 0 ? retry.maxDelay() : delay);
			delay = Duration.ofMillis((long) (delay.toMillis() * retry.multiplier()));
		}
		long postsPerMessage = retry.maxRetries() + 1L;
		Duration perMessage = perPost.multipliedBy(postsPerMessage).plus(backoff);
		long rounds = (dispatch.chunkSize() + dispatch.sendConcurrency() - 1) / dispatch.sendConcurrency();
		Duration rateLimitWaits = rate.maxPerSecond() <= 0 ? Duration.ZERO
				: Duration.ofSeconds(dispatch.chunkSize() * postsPerMessage).dividedBy(rate.maxPerSecond());
		this.worstChunk = perMessage.multipliedBy(rounds).plus(rateLimitWaits);
		this.lease = this.worstChunk.multipliedBy(2).plus(LEASE_MARGIN);
		this.lockLease = dispatch.lockLease();
		this.scheduledPause = dispatch.interval().multipliedBy(4).dividedBy(5);
		this.clockSkew = dispatch.clockSkew();
		if (dispatch.shutdownTimeout() == null) {
			this.shutdownTimeout = this.worstChunk.plus(LEASE_MARGIN);
		}
		else if (dispatch.shutdownTimeout().compareTo(this.worstChunk) < 0) {
			throw new InvalidSettingException("messaging.processor.shutdown-timeout",
					"must be at least " + this.worstChunk.toMillis() + " ms, the longest one chunk can take with these"
							+ " timeouts, retries, chunk size, send concurrency and rate limit (it is "
							+ dispatch.shutdownTimeout().toMillis() + " ms)");
		}
		else {
			this.shutdownTimeout = dispatch.shutdownTimeout();
		}
	}

	/**
	 * How long shutdown waits for the run in flight: the setting, or by default the
	 * longest one chunk can take.
	 */
	public Duration shutdownTimeout() {
		return this.shutdownTimeout;
	}

	/**
	 * The longest one chunk can take: every POST times out after all its retries, at the
	 * rate limit.
	 */
	Duration worstChunk() {
		return this.worstChunk;
	}

	/** How long a claim holds a message before another runner may take it. */
	public Duration lease() {
		return this.lease;
	}

	/**
	 * The cluster lock expires this long after its holder's last heartbeat, e.g. when it
	 * crashed.
	 */
	public Duration lockLease() {
		return this.lockLease;
	}

	/**
	 * A scheduled run keeps the lock until this long after it started, so that the
	 * cluster as a whole runs about once per interval, whichever instance's timer fires.
	 */
	Duration scheduledPause() {
		return this.scheduledPause;
	}

	/**
	 * How far instance clocks may disagree: an expired claim is taken back only this long
	 * after its lease.
	 */
	public Duration clockSkew() {
		return this.clockSkew;
	}

}
