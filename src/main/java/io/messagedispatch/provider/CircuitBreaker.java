package io.messagedispatch.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Stops hammering a provider that fails every request: after {@code failure-threshold} transient failures in a row
 * it opens and no POST goes out for {@code open-duration}; then it lets one probe through (half-open), and closes
 * again when a request succeeds.
 */
@Component
public class CircuitBreaker {

	private static final Logger log = LoggerFactory.getLogger(CircuitBreaker.class);

	/** Whether requests may go to the provider. */
	public enum State {

		/** Requests flow. */
		CLOSED,
		/** The provider kept failing: nothing is sent until the pause is over. */
		OPEN,
		/** The pause is over: one probe request finds out whether the provider is back. */
		HALF_OPEN

	}

	private final int failureThreshold;

	private final Duration openDuration;

	private final Clock clock;

	private State state = State.CLOSED;

	private int consecutiveFailures;

	private Instant openedAt;

	private boolean probeInFlight;

	CircuitBreaker(WebhookProperties properties, Clock clock) {
		this.failureThreshold = properties.circuit().failureThreshold();
		this.openDuration = properties.circuit().openDuration();
		this.clock = clock;
	}

	/**
	 * Whether a request may go out now; in half-open state only one (the probe) may.
	 */
	public synchronized boolean tryAcquire() {
		if (this.state == State.OPEN && !this.clock.instant().isBefore(this.openedAt.plus(this.openDuration))) {
			this.state = State.HALF_OPEN;
			this.probeInFlight = false;
			log.info("Provider circuit half-open: probing the provider");
		}
		if (this.state == State.CLOSED) {
			return true;
		}
		if (this.state == State.HALF_OPEN && !this.probeInFlight) {
			this.probeInFlight = true;
			return true;
		}
		return false;
	}

	public synchronized void onSuccess() {
		if (this.state != State.CLOSED) {
			log.info("Provider circuit closed: the provider answers again");
		}
		this.state = State.CLOSED;
		this.consecutiveFailures = 0;
		this.probeInFlight = false;
	}

	public synchronized void onFailure() {
		this.consecutiveFailures++;
		if (this.state == State.HALF_OPEN || this.consecutiveFailures >= this.failureThreshold) {
			if (this.state != State.OPEN) {
				log.warn("Provider circuit open after {} failure(s) in a row: pausing sends for {}",
						this.consecutiveFailures, this.openDuration);
			}
			this.state = State.OPEN;
			this.openedAt = this.clock.instant();
			this.probeInFlight = false;
		}
	}

	/**
	 * Whether claiming more messages makes sense now: not while open and still pausing.
	 */
	public synchronized boolean isAcceptingTraffic() {
		return this.state != State.OPEN || !this.clock.instant().isBefore(this.openedAt.plus(this.openDuration));
	}

	public synchronized State state() {
		return this.state;
	}

}
