package io.messagedispatch.provider;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.messagedispatch.support.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTests {

	private static final Duration OPEN_DURATION = Duration.ofSeconds(30);

	private final MutableClock clock = MutableClock.startingNow();

	private final CircuitBreaker circuit = new CircuitBreaker(
			new WebhookProperties(null, "x-ins-auth-key", null, Duration.ofSeconds(1), Duration.ofSeconds(1),
					new WebhookProperties.Retry(0, Duration.ZERO, 1, Duration.ZERO),
					new WebhookProperties.Circuit(3, OPEN_DURATION), List.of(401, 403, 407)),
			this.clock);

	@Test
	void opensAfterTheThresholdOfFailuresInARow() {
		acquire().failed();
		acquire().failed();
		acquire().succeeded();
		acquire().failed();
		acquire().failed();
		assertThat(this.circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(this.circuit.reason()).isNull();

		acquire().failed();

		assertThat(this.circuit.state()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(this.circuit.reason()).isEqualTo("3 transient failures in a row");
		assertThat(this.circuit.tryAcquire()).isEmpty();
		assertThat(this.circuit.isAcceptingTraffic()).isFalse();
	}

	@Test
	void letsOneProbeThroughAfterThePauseAndClosesWhenItSucceeds() {
		open();
		this.clock.advance(OPEN_DURATION);

		assertThat(this.circuit.isAcceptingTraffic()).isTrue();
		CircuitBreaker.Permit probe = acquire();
		assertThat(probe.isProbe()).isTrue();
		assertThat(this.circuit.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
		assertThat(this.circuit.reason()).as("half-open still says why it opened").isNotNull();
		assertThat(this.circuit.tryAcquire()).as("only one probe at a time").isEmpty();
		probe.succeeded();

		assertThat(this.circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(this.circuit.reason()).isNull();
		assertThat(this.circuit.tryAcquire()).hasValueSatisfying(permit -> assertThat(permit.isProbe()).isFalse());
	}

	@Test
	void failedProbeOpensItAgainForAnotherPause() {
		open();
		this.clock.advance(OPEN_DURATION);

		acquire().failed();

		assertThat(this.circuit.state()).isEqualTo(CircuitBreaker.State.OPEN);
		this.clock.advance(OPEN_DURATION.minusSeconds(1));
		assertThat(this.circuit.tryAcquire()).isEmpty();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.circuit.tryAcquire()).isPresent();
	}

	@Test
	void pauseOpensAtOnceWithItsReasonForTheWholeOpenDuration() {
		acquire().paused("provider refused the service: HTTP 401");

		assertThat(this.circuit.state()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(this.circuit.reason()).isEqualTo("provider refused the service: HTTP 401");
		assertThat(this.circuit.isAcceptingTraffic()).isFalse();
		this.clock.advance(OPEN_DURATION.minusSeconds(1));
		assertThat(this.circuit.tryAcquire()).isEmpty();
	}

	@Test
	void probeAnsweredWithAPauseStatusOpensItAgainWithThatReason() {
		open();
		this.clock.advance(OPEN_DURATION);

		acquire().paused("provider refused the service: HTTP 403");

		assertThat(this.circuit.state()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(this.circuit.reason()).isEqualTo("provider refused the service: HTTP 403");
		assertThat(this.circuit.tryAcquire()).isEmpty();
	}

	@Test
	void pauseOpensAClosedCircuitDirectly() {
		this.circuit.pause("provider refused the service: HTTP 407");

		assertThat(this.circuit.state()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(this.circuit.reason()).isEqualTo("provider refused the service: HTTP 407");
	}

	@Test
	void probeThatEndsWithoutAVerdictFreesTheProbeSlot() {
		open();
		this.clock.advance(OPEN_DURATION);
		CircuitBreaker.Permit probe = acquire();
		assertThat(this.circuit.tryAcquire()).isEmpty();

		probe.released();

		assertThat(this.circuit.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
		assertThat(this.circuit.tryAcquire()).as("the next probe").hasValueSatisfying(next -> {
			assertThat(next.isProbe()).isTrue();
		});
	}

	@Test
	void staleSuccessFromBeforeTheOpeningDoesNotCloseIt() {
		CircuitBreaker.Permit sentWhileClosed = acquire();
		CircuitBreaker.Permit alsoSentWhileClosed = acquire();
		open();

		sentWhileClosed.succeeded();
		assertThat(this.circuit.state()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(this.circuit.isAcceptingTraffic()).isFalse();

		this.clock.advance(OPEN_DURATION);
		CircuitBreaker.Permit probe = acquire();
		alsoSentWhileClosed.succeeded();
		assertThat(this.circuit.state()).as("a success from before does not close a half-open circuit")
			.isEqualTo(CircuitBreaker.State.HALF_OPEN);
		assertThat(this.circuit.tryAcquire()).as("nor does it free the probe slot").isEmpty();
		probe.failed();
		assertThat(this.circuit.state()).isEqualTo(CircuitBreaker.State.OPEN);
	}

	@Test
	void staleFailuresFromBeforeTheCircuitClosedDoNotCount() {
		List<CircuitBreaker.Permit> sentWhileClosed = List.of(acquire(), acquire(), acquire());
		open();
		this.clock.advance(OPEN_DURATION);
		acquire().succeeded();
		assertThat(this.circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);

		sentWhileClosed.forEach(CircuitBreaker.Permit::failed);

		assertThat(this.circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);
		acquire().failed();
		acquire().failed();
		assertThat(this.circuit.state()).as("only failures in the current state count")
			.isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void staleFailureDoesNotCountAsTheProbesFailure() {
		CircuitBreaker.Permit sentWhileClosed = acquire();
		open();
		this.clock.advance(OPEN_DURATION);
		CircuitBreaker.Permit probe = acquire();

		sentWhileClosed.failed();

		assertThat(this.circuit.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
		probe.succeeded();
		assertThat(this.circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void onlyTheFirstEndOfAPermitCounts() {
		CircuitBreaker.Permit permit = acquire();
		permit.failed();
		permit.failed();
		permit.failed();
		assertThat(this.circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);

		CircuitBreaker.Permit paused = acquire();
		paused.released();
		paused.paused("too late");
		assertThat(this.circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	/**
	 * Callers race each other, the clock moves on, and answers arrive late and out of
	 * order, as when many POSTs are in flight; however they interleave, once every permit
	 * is settled and the pause is over a request may go out.
	 */
	@Test
	void concurrentCallersNeverLeaveTheCircuitJammed() throws Exception {
		int threads = 16;
		int iterations = 2_000;
		ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
		try {
			for (int round = 0; round < 40; round++) {
				CountDownLatch start = new CountDownLatch(1);
				AtomicBoolean callersDone = new AtomicBoolean();
				List<Future<?>> callers = new ArrayList<>();
				for (int i = 0; i < threads; i++) {
					callers.add(pool.submit(() -> {
						start.await();
						callRepeatedly(iterations);
						return null;
					}));
				}
				Future<?> ticker = pool.submit(() -> {
					start.await();
					while (!callersDone.get()) {
						this.clock.advance(Duration.ofSeconds(10));
						Thread.yield();
					}
					return null;
				});
				start.countDown();
				for (Future<?> caller : callers) {
					caller.get(30, TimeUnit.SECONDS);
				}
				callersDone.set(true);
				ticker.get(30, TimeUnit.SECONDS);

				this.clock.advance(OPEN_DURATION);
				Optional<CircuitBreaker.Permit> next = this.circuit.tryAcquire();
				assertThat(next).as("round %d ended %s: a request may go out", round, this.circuit.state()).isPresent();
				next.get().succeeded();
				assertThat(this.circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);
				assertThat(this.circuit.reason()).isNull();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	private void callRepeatedly(int iterations) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		Deque<CircuitBreaker.Permit> inFlight = new ArrayDeque<>();
		try {
			for (int i = 0; i < iterations; i++) {
				this.circuit.tryAcquire().ifPresent(inFlight::addLast);
				this.circuit.isAcceptingTraffic();
				this.circuit.reason();
				while (inFlight.size() > random.nextInt(4)) {
					CircuitBreaker.Permit permit = random.nextBoolean() ? inFlight.pollFirst() : inFlight.pollLast();
					end(permit, random.nextInt(10));
				}
			}
		}
		finally {
			inFlight.forEach(CircuitBreaker.Permit::released);
		}
	}

	private static void end(CircuitBreaker.Permit permit, int roll) {
		switch (roll) {
			case 0, 1, 2, 3 -> permit.failed();
			case 4, 5, 6 -> permit.succeeded();
			case 7 -> permit.paused("provider refused the service: HTTP 401");
			case 8 -> permit.released();
			default -> {
				// an unexpected exception: only the finally block ends the permit
				try {
					throw new IllegalStateException("boom");
				}
				catch (IllegalStateException ex) {
					// swallowed by the caller
				}
				finally {
					permit.released();
				}
			}
		}
		if (roll % 3 == 0) {
			permit.succeeded();
		}
	}

	private CircuitBreaker.Permit acquire() {
		Optional<CircuitBreaker.Permit> permit = this.circuit.tryAcquire();
		assertThat(permit).as("a permit").isPresent();
		return permit.get();
	}

	private void open() {
		for (int i = 0; i < 3; i++) {
			acquire().failed();
		}
		assertThat(this.circuit.state()).isEqualTo(CircuitBreaker.State.OPEN);
	}

}
