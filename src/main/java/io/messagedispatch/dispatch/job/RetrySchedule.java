package io.messagedispatch.dispatch.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.messagedispatch.message.Message;
import io.messagedispatch.provider.ProviderResult;
import io.messagedispatch.queue.DeliveryOutcome;

import org.springframework.stereotype.Component;

/**
 * Decides when a message the provider could not take is tried again: capped exponential
 * backoff with jitter, never sooner than the provider's {@code Retry-After} (itself
 * capped at the longest backoff step, so that a provider cannot park a message for
 * years), and {@code failed} once its attempts are used up.
 */
@Component
class RetrySchedule {

	private final int maxAttempts;

	private final List<Duration> backoff;

	private final Duration longestStep;

	private final double jitter;

	RetrySchedule(DeliveryProperties properties) {
		this.maxAttempts = properties.maxAttempts();
		this.backoff = List.copyOf(properties.backoff());
		this.longestStep = Collections.max(this.backoff);
		this.jitter = properties.jitter();
	}

	DeliveryOutcome afterUnavailable(Message message, ProviderResult.Unavailable result, Instant now) {
		int attempts = message.attempts() + result.posts();
		if (message.expiredAt(now)) {
			return new DeliveryOutcome.Expired(message.id(), result.posts(),
					"expired at " + message.expiresAt() + " while it was being sent: " + result.reason());
		}
		if (attempts >= this.maxAttempts) {
			return new DeliveryOutcome.Failed(message.id(), result.posts(),
					"gave up after " + attempts + " attempts: " + result.reason());
		}
		Duration wait = jittered(this.backoff.get(Math.min(Math.max(attempts, 1), this.backoff.size()) - 1));
		Duration asked = retryAfter(result);
		if (asked.compareTo(wait) > 0) {
			wait = asked;
		}
		if (message.expiredAt(now.plus(wait))) {
			return new DeliveryOutcome.Expired(message.id(), result.posts(),
					"expired at " + message.expiresAt() + " before its next attempt: " + result.reason());
		}
		return new DeliveryOutcome.RetryLater(message.id(), result.posts(), result.reason(), now.plus(wait));
	}

	private Duration retryAfter(ProviderResult.Unavailable result) {
		Duration asked = result.retryAfter();
		if (asked == null) {
			return Duration.ZERO;
		}
		return asked.compareTo(this.longestStep) > 0 ? this.longestStep : asked;
	}

	private Duration jittered(Duration wait) {
		if (this.jitter == 0) {
			return wait;
		}
		double factor = 1 + ThreadLocalRandom.current().nextDouble(-this.jitter, this.jitter);
		return Duration.ofMillis(Math.round(wait.toMillis() * factor));
	}

}
