package io.messagedispatch.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Stops sending to a provider that cannot take messages: after {@code failure-threshold}
 * transient failures in a row, or at once when the provider refuses the service itself
 * (bad credentials, say: see {@link #pause(String)}), it opens and no POST goes out for
 * {@code open-duration}; then it lets one probe through (half-open), and closes again
 * when the probe succeeds.
 * <p>
 * Every request goes out under a {@link Permit} that remembers the circuit's generation,
 * which changes with every change of state. Only the answers to requests sent in the
 * current state count: a late timeout of a request sent before the circuit opened, or a
 * late success, changes nothing. The probe's permit frees the probe slot however it ends,
 * so a probe that fails unexpectedly cannot keep the circuit open.
 */
@Component
public class CircuitBreaker {

	private static final Logger log = LoggerFactory.getLogger(CircuitBreaker.class);

	/** Whether requests may go to the provider. */
	public enum State {

		/** Requests flow. */
		CLOSED,
		/**
		 * The provider kept failing or refused the service: nothing is sent until the
		 * pause is over.
		 */
		OPEN,
		/**
		 * The pause is over: one probe request finds out whether the provider is back.
		 */
		HALF_OPEN

	}

	private enum Ending {

		SUCCEEDED, FAILED, PAUSED, RELEASED

	}

	private final int failureThreshold;

	private final Duration openDuration;

	private final Clock clock;

	private State state = State.CLOSED;

	private long generation;

	private int consecutiveFailures;

	private Instant openedAt;

	private String reason;

	private boolean probeInFlight;

	CircuitBreaker(WebhookProperties properties, Clock clock) {
		this.failureThreshold = properties.circuit().failureThreshold();
		this.openDuration = properties.circuit().openDuration();
		this.clock = clock;
	}

	/**
	 * A permit for one request, or empty when none may go out now; in half-open state
	 * only one (the probe) is granted at a time. Every permit granted must be settled
	 * with one of its methods.
	 */
	public synchronized Optional<Permit> tryAcquire() {
		if (this.state == State.OPEN && pauseIsOver()) {
			changeTo(State.HALF_OPEN);
			log.info("Provider circuit half-open: probing the provider");
		}
		if (this.state == State.CLOSED) {
			return Optional.of(new Permit(this, this.generation, false));
		}
		if (this.state == State.HALF_OPEN && !this.probeInFlight) {
			this.probeInFlight = true;
			return Optional.of(new Permit(this, this.generation, true));
		}
		return Optional.empty();
	}

	/**
	 * Opens the circuit because the provider refused the service itself (credentials or
	 * setup), whatever the state: such an answer is no message's fault, so nothing is
	 * sent until a probe after {@code open-duration} is answered otherwise.
	 */
	public synchronized void pause(String reason) {
		open(Objects.requireNonNullElse(reason, "the provider refused the service"));
	}

	/**
	 * Whether claiming more messages makes sense now: not while open and still pausing.
	 */
	public synchronized boolean isAcceptingTraffic() {
		return this.state != State.OPEN || pauseIsOver();
	}

	public synchronized State state() {
		return this.state;
	}

	/**
	 * Why the circuit opened (open or half-open), or null while it is closed.
	 */
	public synchronized String reason() {
		return this.state == State.CLOSED ? null : this.reason;
	}

	private synchronized void settle(Permit permit, Ending ending, String pauseReason) {
		if (permit.generation != this.generation) {
			return;
		}
		if (permit.probe) {
			this.probeInFlight = false;
		}
		switch (ending) {
			case SUCCEEDED -> {
				this.consecutiveFailures = 0;
				if (this.state != State.CLOSED) {
					log.info("Provider circuit closed: the provider answers again");
					changeTo(State.CLOSED);
				}
			}
			case FAILED -> {
				this.consecutiveFailures++;
				if (this.state == State.HALF_OPEN) {
					open("the probe failed (" + this.consecutiveFailures + " transient failures in a row)");
				}
				else if (this.consecutiveFailures >= this.failureThreshold) {
					open(this.consecutiveFailures + " transient failures in a row");
				}
			}
			case PAUSED -> open(Objects.requireNonNullElse(pauseReason, "the provider refused the service"));
			case RELEASED -> {
				// neither the provider's health nor its refusal: only the probe slot
				// (above) is freed
			}
		}
	}

	private void open(String reason) {
		if (this.state != State.OPEN) {
			log.warn("Provider circuit open: {}; pausing sends for {}", reason, this.openDuration);
			changeTo(State.OPEN);
		}
		this.reason = reason;
		this.openedAt = this.clock.instant();
	}

	private void changeTo(State next) {
		this.state = next;
		this.generation++;
		this.probeInFlight = false;
	}

	private boolean pauseIsOver() {
		return !this.clock.instant().isBefore(this.openedAt.plus(this.openDuration));
	}

	/**
	 * Leave for one request to go to the provider, settled once with how it ended: the
	 * first call counts, later ones do nothing. It counts only while the circuit is still
	 * in the state (the generation) it was granted in.
	 */
	public static final class Permit {

		private final CircuitBreaker circuit;

		private final long generation;

		private final boolean probe;

		private final AtomicBoolean settled = new AtomicBoolean();

		private Permit(CircuitBreaker circuit, long generation, boolean probe) {
			this.circuit = circuit;
			this.generation = generation;
			this.probe = probe;
		}

		/**
		 * Whether this is the half-open probe that decides whether the circuit closes.
		 */
		public boolean isProbe() {
			return this.probe;
		}

		/**
		 * The provider answered: the failures in a row end, and a probe closes the
		 * circuit.
		 */
		public void succeeded() {
			end(Ending.SUCCEEDED, null);
		}

		/**
		 * A transient failure (timeout, connection error, 408, 5xx): counts towards
		 * opening; a probe re-opens.
		 */
		public void failed() {
			end(Ending.FAILED, null);
		}

		/**
		 * The provider refused the service itself: the circuit opens with this reason.
		 */
		public void paused(String reason) {
			end(Ending.PAUSED, reason);
		}

		/**
		 * Says nothing about the provider (a requested pause, an unexpected error):
		 * changes nothing but the slot.
		 */
		public void released() {
			end(Ending.RELEASED, null);
		}

		private void end(Ending ending, String reason) {
			if (this.settled.compareAndSet(false, true)) {
				this.circuit.settle(this, ending, reason);
			}
		}

	}

}
