package io.messagedispatch.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.messagedispatch.message.DeliveryOutcome;
import io.messagedispatch.message.Message;
import io.messagedispatch.provider.ProviderResult;
import org.junit.jupiter.api.Test;

import static io.messagedispatch.message.MessageBuilder.aMessage;
import static org.assertj.core.api.Assertions.assertThat;

class RetryScheduleTests {

	private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

	private final RetrySchedule schedule = new RetrySchedule(
			new DeliveryProperties(5, List.of(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2)), 0));

	@Test
	void waitGrowsWithTheAttemptsAndThenStaysAtTheLastStep() {
		assertThat(nextAttemptAfter(0, 1)).isEqualTo(Duration.ofSeconds(5));
		assertThat(nextAttemptAfter(1, 1)).isEqualTo(Duration.ofSeconds(30));
		assertThat(nextAttemptAfter(2, 1)).isEqualTo(Duration.ofMinutes(2));
		assertThat(nextAttemptAfter(3, 1)).isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void retryAfterLongerThanTheBackoffIsHonoured() {
		DeliveryOutcome outcome = this.schedule.afterUnavailable(message(0),
				new ProviderResult.Unavailable("HTTP 429", 1, Duration.ofMinutes(10)), NOW);

		assertThat(((DeliveryOutcome.RetryLater) outcome).nextAttemptAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
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

		for (int i = 0; i < 200; i++) {
			DeliveryOutcome.RetryLater retry = (DeliveryOutcome.RetryLater) jittered.afterUnavailable(message(0),
					new ProviderResult.Unavailable("timeout", 1, null), NOW);
			assertThat(Duration.between(NOW, retry.nextAttemptAt()).toMillis()).isBetween(80_000L, 120_000L);
		}
	}

	private Duration nextAttemptAfter(int earlierAttempts, int posts) {
		DeliveryOutcome outcome = this.schedule.afterUnavailable(message(earlierAttempts),
				new ProviderResult.Unavailable("HTTP 503", posts, null), NOW);
		return Duration.between(NOW, ((DeliveryOutcome.RetryLater) outcome).nextAttemptAt());
	}

	private static Message message(int attempts) {
		Message message = aMessage().build();
		return new Message(message.id(), message.phoneNumber(), message.content(), message.status(), attempts,
				message.createdAt(), message.updatedAt(), message.nextAttemptAt(), null, null, null, null, null);
	}

}
