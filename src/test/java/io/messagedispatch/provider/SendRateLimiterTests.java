package io.messagedispatch.provider;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SendRateLimiterTests {

	@Test
	void spacesSendsToTheConfiguredRate() {
		SendRateLimiter limiter = new SendRateLimiter(new SendRateProperties(50));
		long start = System.nanoTime();

		for (int i = 0; i < 11; i++) {
			limiter.acquire();
		}

		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("10 intervals of 20 ms after the first send")
			.isGreaterThanOrEqualTo(Duration.ofMillis(195));
	}

	@Test
	void zeroMeansNoLimit() {
		SendRateLimiter limiter = new SendRateLimiter(new SendRateProperties(0));
		long start = System.nanoTime();

		for (int i = 0; i < 10_000; i++) {
			limiter.acquire();
		}

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
	}

}
