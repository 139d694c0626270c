package io.messagedispatch.dispatch.run;

import java.time.Duration;
import java.util.List;

import io.messagedispatch.provider.SendRateProperties;
import io.messagedispatch.provider.WebhookProperties;
import io.messagedispatch.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The durations derived from the settings: the lease must outlast the slowest chunk
 * (every POST timing out after all its retries and backoff, round after round of
 * concurrent sends, plus the waits for the rate limit), and shutdown must wait at least
 * that long. The defaults are the application's: 10 s per exchange, 2 retries after 200
 * ms doubling up to 2 s, chunks of 2 sent 4 at a time, no rate limit.
 */
class DispatchTimingsTests {

	/** 3 POSTs of 10 s, plus 200 ms and 400 ms of backoff, in one round. */
	private static final Duration DEFAULT_WORST_CHUNK = Duration.ofMillis(30_600);

	@Test
	void defaultLeaseIsTwiceTheSlowestChunkPlusAMargin() {
		DispatchTimings timings = new DispatchTimings(dispatch(2, 4, null), webhook(), noRateLimit());

		assertThat(timings.worstChunk()).isEqualTo(DEFAULT_WORST_CHUNK);
		assertThat(timings.lease()).isEqualTo(Duration.ofMillis(66_200));
	}

	@Test
	void shutdownWaitsForTheSlowestChunkPlusAMarginByDefault() {
		DispatchTimings timings = new DispatchTimings(dispatch(2, 4, null), webhook(), noRateLimit());

		assertThat(timings.shutdownTimeout()).isEqualTo(Duration.ofMillis(35_600));
	}

	@Test
	void eachRoundOfConcurrentSendsAddsTheSlowestMessage() {
		assertThat(new DispatchTimings(dispatch(10, 4, null), webhook(), noRateLimit()).worstChunk())
			.as("10 messages 4 at a time: 3 rounds")
			.isEqualTo(DEFAULT_WORST_CHUNK.multipliedBy(3));
		assertThat(new DispatchTimings(dispatch(8, 4, null), webhook(), noRateLimit()).worstChunk())
			.as("8 messages 4 at a time: 2 rounds")
			.isEqualTo(DEFAULT_WORST_CHUNK.multipliedBy(2));
		assertThat(new DispatchTimings(dispatch(3, 1, null), webhook(), noRateLimit()).worstChunk()).as("one at a time")
			.isEqualTo(DEFAULT_WORST_CHUNK.multipliedBy(3));
	}

	@Test
	void backoffGrowsByTheMultiplierAndEachDelayIsCappedAtTheLongest() {
		WebhookProperties webhook = webhook(Duration.ofSeconds(1),
				new WebhookProperties.Retry(4, Duration.ofMillis(500), 3.0, Duration.ofSeconds(2)));

		DispatchTimings timings = new DispatchTimings(dispatch(1, 1, null), webhook, noRateLimit());

		assertThat(timings.worstChunk()).as("5 POSTs of 1 s, then 0.5 + 1.5 + 2 + 2 s of backoff")
			.isEqualTo(Duration.ofSeconds(11));
	}

	@Test
	void withoutRetriesEachMessageIsOnePost() {
		WebhookProperties webhook = webhook(Duration.ofSeconds(3),
				new WebhookProperties.Retry(0, Duration.ofMillis(200), 2.0, Duration.ofSeconds(2)));

		assertThat(new DispatchTimings(dispatch(2, 4, null), webhook, noRateLimit()).worstChunk())
			.isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void rateLimitAddsTheWaitForEveryPostTheChunkMayMake() {
		DispatchTimings limited = new DispatchTimings(dispatch(10, 4, null), webhook(), new SendRateProperties(5));

		assertThat(limited.worstChunk()).as("30 POSTs at 5 per second")
			.isEqualTo(DEFAULT_WORST_CHUNK.multipliedBy(3).plusSeconds(6));
		assertThat(new DispatchTimings(dispatch(2, 4, null), webhook(), new SendRateProperties(4)).worstChunk())
			.as("6 POSTs at 4 per second")
			.isEqualTo(DEFAULT_WORST_CHUNK.plusMillis(1500));
	}

	@Test
	void connectTimeoutIsPartOfTheResponseTimeoutAndAddsNothing() {
		WebhookProperties slowConnect = new WebhookProperties(null, "x-ins-auth-key", null, Duration.ofSeconds(9),
				Duration.ofSeconds(10), defaultRetry(), defaultCircuit(), List.of(401, 403, 407));

		assertThat(new DispatchTimings(dispatch(2, 4, null), slowConnect, noRateLimit()).worstChunk())
			.isEqualTo(DEFAULT_WORST_CHUNK);
	}

	@Test
	void shorterExplicitShutdownTimeoutIsRefusedWithTheLeastItMayBe() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> new DispatchTimings(dispatch(2, 4, Duration.ofSeconds(30)), webhook(), noRateLimit()))
			.satisfies(ex -> {
				assertThat(ex.setting()).isEqualTo("messaging.processor.shutdown-timeout");
				assertThat(ex.reason()).startsWith("must be at least 30600 ms").endsWith("(it is 30000 ms)");
			});
	}

	@Test
	void explicitShutdownTimeoutThatCoversTheSlowestChunkIsUsedAsGiven() {
		assertThat(new DispatchTimings(dispatch(2, 4, DEFAULT_WORST_CHUNK), webhook(), noRateLimit()).shutdownTimeout())
			.as("exactly the slowest chunk is enough")
			.isEqualTo(DEFAULT_WORST_CHUNK);
		assertThat(
				new DispatchTimings(dispatch(2, 4, Duration.ofMinutes(2)), webhook(), noRateLimit()).shutdownTimeout())
			.isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void explicitShutdownTimeoutDoesNotChangeTheLease() {
		assertThat(new DispatchTimings(dispatch(2, 4, Duration.ofMinutes(2)), webhook(), noRateLimit()).lease())
			.isEqualTo(Duration.ofMillis(66_200));
	}

	@Test
	void lockLeaseAndClockSkewAreTheSettingsAndTheScheduledPauseFourFifthsOfTheInterval() {
		DispatchProperties dispatch = new DispatchProperties(Duration.ofMinutes(2), Duration.ZERO, 2, 2, 4, true,
				Duration.ofMinutes(10), null, true, Duration.ofSeconds(45), Duration.ofSeconds(7));

		DispatchTimings timings = new DispatchTimings(dispatch, webhook(), noRateLimit());

		assertThat(timings.lockLease()).isEqualTo(Duration.ofSeconds(45));
		assertThat(timings.clockSkew()).isEqualTo(Duration.ofSeconds(7));
		assertThat(timings.scheduledPause()).isEqualTo(Duration.ofSeconds(96));
	}

	private static DispatchProperties dispatch(int chunkSize, int sendConcurrency, Duration shutdownTimeout) {
		return new DispatchProperties(Duration.ofMinutes(2), Duration.ZERO, 2, chunkSize, sendConcurrency, true,
				Duration.ofMinutes(10), shutdownTimeout, true, Duration.ofSeconds(30), Duration.ofSeconds(30));
	}

	private static WebhookProperties webhook() {
		return webhook(Duration.ofSeconds(10), defaultRetry());
	}

	private static WebhookProperties webhook(Duration responseTimeout, WebhookProperties.Retry retry) {
		return new WebhookProperties(null, "x-ins-auth-key", null, Duration.ofSeconds(2), responseTimeout, retry,
				defaultCircuit(), List.of(401, 403, 407));
	}

	private static WebhookProperties.Retry defaultRetry() {
		return new WebhookProperties.Retry(2, Duration.ofMillis(200), 2.0, Duration.ofSeconds(2));
	}

	private static WebhookProperties.Circuit defaultCircuit() {
		return new WebhookProperties.Circuit(20, Duration.ofSeconds(30));
	}

	private static SendRateProperties noRateLimit() {
		return new SendRateProperties(0);
	}

}
