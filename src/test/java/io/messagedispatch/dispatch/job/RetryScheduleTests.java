package io.messagedispatch.dispatch.job;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.messagedispatch.message.Message;
import io.messagedispatch.provider.ProviderResult;
import io.messagedispatch.queue.DeliveryOutcome;
import org.junit.jupiter.api.Test;

import static io.messagedispatch.message.MessageBuilder.aMessage;
import static org.assertj.core.api.Assertions.assertThat;

class RetryScheduleTests {

	private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

	private final RetrySchedule schedule = new RetrySchedule(new DeliveryProperties(5,
			List.of(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2)), 0));

	@Test
	void waitGrowsWithTheAttemptsAndThenStaysAtTheLastStep() {
		assertThat(nextAttemptAfter(0, 1)).isEqualTo(Duration.ofSeconds(5));
		assertThat(nextAttemptAfter(1, 1)).isEqualTo(Duration.ofSeconds(30));
		assertThat(nextAttemptAfter(2, 1)).isEqualTo(Duration.ofMinutes(2));
		assertThat(nextAttemptAfter(3, 1)).isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void retryAfterLongerThanTheBackoffIsHonoured() {
		assertThat(nextAttemptAfter(0, new ProviderResult.Unavailable("HTTP 429", 1, Duration.ofSeconds(90))))
			.isEqualTo(Duration.ofSeconds(90));
	}

	@Test
	void retryThatWouldComeAfterTheMessagesExpiryExpiresItInstead() {
		Message expiring = aMessage().expiresAt(NOW.plusSeconds(60)).build();

		DeliveryOutcome outcome = this.schedule.afterUnavailable(expiring,
				new ProviderResult.Unavailable("HTTP 503: maintenance", 1, Duration.ofSeconds(90)), NOW);

		assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Expired.class, expired -> {
			assertThat(expired.posts()).isEqualTo(1);
			assertThat(expired.error()).contains("expired at " + NOW.plusSeconds(60)).contains("HTTP 503: maintenance");
		});
	}

	@Test
	void retryBeforeTheMessagesExpiryIsScheduledAsUsual() {
		Message expiring = aMessage().expiresAt(NOW.plusSeconds(91)).build();

		assertThat(this.schedule.afterUnavailable(expiring,
				new ProviderResult.Unavailable("HTTP 503: maintenance", 1, Duration.ofSeconds(90)), NOW))
			.isInstanceOf(DeliveryOutcome.RetryLater.class);
	}

	@Test
	void retryAfterOfAServiceUnavailableIsHonouredAndItsPostCounts() {
		Message message = message(0);
		DeliveryOutcome outcome = this.schedule.afterUnavailable(message,
				new ProviderResult.Unavailable("HTTP 503: maintenance", 1, Duration.ofSeconds(90)), NOW);

		assertThat(outcome).usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new DeliveryOutcome.RetryLater(message.id(), 1, "HTTP 503: maintenance", NOW.plusSeconds(90)));
		assertThat(this.schedule.afterUnavailable(message(4),
				new ProviderResult.Unavailable("HTTP 503: maintenance", 1, Duration.ofSeconds(90)), NOW))
			.as("the POST that got the Retry-After is an attempt")
			.isInstanceOf(DeliveryOutcome.Failed.class);
	}

	@Test
	void retryAfterIsCappedAtTheLongestBackoffStep() {
		assertThat(nextAttemptAfter(0, new ProviderResult.Unavailable("HTTP 429", 1, Duration.ofMinutes(10))))
			.isEqualTo(Duration.ofMinutes(2));
		assertThat(nextAttemptAfter(0, new ProviderResult.Unavailable("HTTP 503", 1, Duration.ofDays(365))))
			.isEqualTo(Duration.ofMinutes(2));
		assertThat(nextAttemptAfter(0,
				new ProviderResult.Unavailable("HTTP 429", 1, Duration.ofSeconds(Long.MAX_VALUE, 999_999_999))))
			.as("no overflow however long the wait asked for")
			.isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void messageOutOfAttemptsFailsWithTheLastError() {
		DeliveryOutcome outcome = this.schedule.afterUnavailable(message(3),
				new ProviderResult.Unavailable("HTTP 503", 2, null), NOW);

		assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Failed.class, failed -> {
			assertThat(failed.error()).isEqualTo("gave up after 5 attempts: HTTP 503");
			assertThat(failed.posts()).isEqualTo(2);
		});
	}

	@Test
	void jitterSpreadsTheWaitWithinItsShare() {
		RetrySchedule jittered = new RetrySchedule(new DeliveryProperties(10, List.of(Duration.ofSeconds(100)), 0.2));
		Set<Long> waits = new HashSet<>();

		for (int i = 0; i < 200; i++) {
			DeliveryOutcome.RetryLater retry = (DeliveryOutcome.RetryLater) jittered.afterUnavailable(message(0),
					new ProviderResult.Unavailable("timeout", 1, null), NOW);
			waits.add(Duration.between(NOW, retry.nextAttemptAt()).toMillis());
		}

		assertThat(waits).as("every wait within a fifth of 100 s")
			.allSatisfy(wait -> assertThat(wait).isBetween(80_000L, 120_000L));
		assertThat(waits).as("the waits differ").hasSizeGreaterThan(1);
		assertThat(waits).as("some shorter, some longer")
			.anySatisfy(wait -> assertThat(wait).isLessThan(100_000L))
			.anySatisfy(wait -> assertThat(wait).isGreaterThan(100_000L));
	}

	private Duration nextAttemptAfter(int earlierAttempts, int posts) {
		return nextAttemptAfter(earlierAttempts, new ProviderResult.Unavailable("HTTP 503", posts, null));
	}

	private Duration nextAttemptAfter(int earlierAttempts, ProviderResult.Unavailable result) {
		DeliveryOutcome outcome = this.schedule.afterUnavailable(message(earlierAttempts), result, NOW);
		return Duration.between(NOW, ((DeliveryOutcome.RetryLater) outcome).nextAttemptAt());
	}

	private static Message message(int attempts) {
		return aMessage().attempts(attempts).build();
	}

}
