package io.messagedispatch.provider;

import java.time.Duration;

import io.messagedispatch.support.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTests {

	private final MutableClock clock = MutableClock.startingNow();

	private final CircuitBreaker circuit = new CircuitBreaker(new WebhookProperties(null, "x-ins-auth-key", null,
			Duration.ofSeconds(1), Duration.ofSeconds(1), new WebhookProperties.Retry(0, Duration.ZERO, 1, Duration.ZERO),
			new WebhookProperties.Circuit(3, Duration.ofSeconds(30))), this.clock);

	@Test
	void opensAfterTheThresholdOfFailuresInARow() {
		this.circuit.onFailure();
		this.circuit.onFailure();
		this.circuit.onSuccess();
		this.circuit.onFailure();
		this.circuit.onFailure();
		assertThat(this.circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);

		this.circuit.onFailure();

		assertThat(this.circuit.state()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(this.circuit.tryAcquire()).isFalse();
		assertThat(this.circuit.isAcceptingTraffic()).isFalse();
	}

	@Test
	void letsOneProbeThroughAfterThePauseAndClosesWhenItSucceeds() {
		open();
		this.clock.advance(Duration.ofSeconds(30));

		assertThat(this.circuit.isAcceptingTraffic()).isTrue();
		assertThat(this.circuit.tryAcquire()).as("the probe").isTrue();
		assertThat(this.circuit.tryAcquire()).as("only one probe at a time").isFalse();
		this.circuit.onSuccess();

		assertThat(this.circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(this.circuit.tryAcquire()).isTrue();
	}

	@Test
	void failedProbeOpensItAgainForAnotherPause() {
		open();
		this.clock.advance(Duration.ofSeconds(30));
		this.circuit.tryAcquire();

		this.circuit.onFailure();

		assertThat(this.circuit.state()).isEqualTo(CircuitBreaker.State.OPEN);
		this.clock.advance(Duration.ofSeconds(29));
		assertThat(this.circuit.tryAcquire()).isFalse();
	}

	private void open() {
		for (int i = 0; i < 3; i++) {
			this.circuit.onFailure();
		}
	}

}
