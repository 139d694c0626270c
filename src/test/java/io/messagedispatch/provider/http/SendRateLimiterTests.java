package io.messagedispatch.provider.http;

import java.time.Duration;

import io.messagedispatch.provider.SendRateProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SendRateLimiterTests {

	@Test
	void spacesSendsToTheConfiguredRate() {
		int perSecond = 20;
		int sends = 15;
		SendRateLimiter limiter = new SendRateLimiter(new SendRateProperties(perSecond));
		Duration intervals = Duration.ofMillis(1000L * (sends - 1) / perSecond);
		long start = System.nanoTime();

		for (int i = 0; i < sends; i++) {
			limiter.acquire();
		}

		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(took).as("%d intervals of 50 ms after the first send", sends - 1)
			.isGreaterThanOrEqualTo(intervals)
			.as("not much slower than the rate")
			.isLessThanOrEqualTo(Duration.ofNanos(intervals.toNanos() * 3 / 2).plusMillis(250));
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
