package io.messagedispatch.provider;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import io.messagedispatch.support.ProviderStub;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the client classifies what the provider answers.
 */
class ProviderClientTests {

	private static final ProviderStub provider = ProviderStub.start();

	private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private final OutboundMessage message = new OutboundMessage("6650a1b2c3d4e5f601234567", "+905551111111", "hi");

	@AfterAll
	static void stop() {
		provider.close();
	}

	@BeforeEach
	void reset() {
		provider.reset();
	}

	@Test
	void acceptedCarriesTheProviderMessageId() {
		assertThat(client(provider.url()).send(this.message))
			.isEqualTo(new ProviderResult.Accepted("provider-" + this.message.idempotencyKey(), 1));
	}

	@Test
	void serverErrorsAreRetriedThenReportedUnavailable() {
		provider.answer(503, "down");

		ProviderResult result = client(provider.url()).send(this.message);

		assertThat(result).isInstanceOfSatisfying(ProviderResult.Unavailable.class, unavailable -> {
			assertThat(unavailable.posts()).isEqualTo(3);
			assertThat(unavailable.reason()).isEqualTo("HTTP 503: down");
			assertThat(unavailable.retryAfter()).isNull();
		});
		assertThat(provider.postsPerKey()).containsEntry(this.message.idempotencyKey(), 3);
	}

	@Test
	void requestTimeoutIsTransient() {
		provider.answer(408, "");

		assertThat(client(provider.url()).send(this.message)).isInstanceOf(ProviderResult.Unavailable.class);
	}

	@Test
	void otherClientErrorsAreRejectedAtOnce() {
		provider.answer(422, "{\"error\":\"number blocked\"}");

		assertThat(client(provider.url()).send(this.message))
			.isEqualTo(new ProviderResult.Rejected("HTTP 422: {\"error\":\"number blocked\"}", 1));
	}

	@Test
	void retryAfterInSecondsOrAsADateIsRead() {
		provider.tooManyRequests("30");
		assertThat(client(provider.url()).send(this.message)).isEqualTo(
				new ProviderResult.Unavailable("HTTP 429: slow down", 1, Duration.ofSeconds(30)));

		provider.reset();
		provider.tooManyRequests(DateTimeFormatter.RFC_1123_DATE_TIME
			.format(ZonedDateTime.ofInstant(NOW.plusSeconds(90), ZoneOffset.UTC)));
		assertThat(client(provider.url()).send(this.message)).isEqualTo(
				new ProviderResult.Unavailable("HTTP 429: slow down", 1, Duration.ofSeconds(90)));
	}

	@Test
	void retryAfterOnServiceUnavailableIsWaitedOutInsteadOfRetriedInTheRun() {
		provider.answerWithRetryAfter(503, "30", "maintenance");

		assertThat(client(provider.url()).send(this.message))
			.isEqualTo(new ProviderResult.Unavailable("HTTP 503: maintenance", 1, Duration.ofSeconds(30)));
		assertThat(provider.postsPerKey()).containsEntry(this.message.idempotencyKey(), 1);
	}

	@Test
	void retryAfterThatCannotBeReadNeverBreaksTheSend() {
		String farFuture = DateTimeFormatter.RFC_1123_DATE_TIME
			.format(ZonedDateTime.of(9999, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC));
		String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(NOW.minusSeconds(60),
				ZoneOffset.UTC));
		Map<String, Duration> waits = Map.of("99999999999999999999999999", Duration.ofDays(365),
				"9223372036854775807", Duration.ofDays(365), farFuture, Duration.ofDays(365), past, Duration.ZERO,
				"-5", Duration.ZERO, "soon", Duration.ZERO, "", Duration.ZERO);

		waits.forEach((retryAfter, wait) -> {
			provider.reset();
			provider.tooManyRequests(retryAfter);
			assertThat(client(provider.url()).send(this.message)).as("429 with Retry-After '%s'", retryAfter)
				.isEqualTo(new ProviderResult.Unavailable("HTTP 429: slow down", 1, wait));
		});

		provider.reset();
		provider.answerWithRetryAfter(503, "soon", "down");
		assertThat(client(provider.url()).send(this.message)).as("a 503 with an unreadable Retry-After is a plain 503")
			.isEqualTo(new ProviderResult.Unavailable("HTTP 503: down", 3, null));
	}

	@Test
	void connectionResetIsTransient() {
		provider.resetConnections();

		assertThat(client(provider.url()).send(this.message)).isInstanceOfSatisfying(ProviderResult.Unavailable.class,
				unavailable -> assertThat(unavailable.reason()).startsWith("connection failed"));
	}

	@Test
	void refusedConnectionIsTransient() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}

		assertThat(client("http://127.0.0.1:" + closedPort + "/messages").send(this.message))
			.isInstanceOf(ProviderResult.Unavailable.class);
	}

	@Test
	void withASigningSecretEveryPostIsSignedOverTheExactBodySent() {
		provider.failThenAccept(503, 1);

		client(provider.url(), SECRET, new SimpleMeterRegistry()).send(this.message);

		WebhookSigner verifier = new WebhookSigner(new WebhookSigningProperties(SECRET),
				Clock.fixed(NOW, ZoneOffset.UTC));
		assertThat(provider.requests()).hasSize(2).allSatisfy(request -> {
			assertThat(request.header("webhook-id")).isEqualTo(this.message.idempotencyKey());
			assertThat(request.header("webhook-timestamp")).isEqualTo(Long.toString(NOW.getEpochSecond()));
			assertThat(request.header("webhook-signature")).startsWith("v1,");
			assertThat(verifier.problem(request.header("webhook-id"), request.header("webhook-timestamp"),
					request.header("webhook-signature"), request.body().getBytes(StandardCharsets.UTF_8)))
				.isEmpty();
		});
	}

	@Test
	void withoutASigningSecretNothingIsSigned() {
		client(provider.url()).send(this.message);

		assertThat(provider.requests()).singleElement().satisfies(request -> {
			assertThat(request.header("webhook-id")).isNull();
			assertThat(request.header("webhook-signature")).isNull();
		});
	}

	@Test
	void everyPostIsTimedByTheClassOfItsAnswer() throws Exception {
		MeterRegistry meters = new SimpleMeterRegistry();
		client(provider.url(), "", meters).send(this.message);
		provider.answer(503, "down");
		client(provider.url(), "", meters).send(this.message);
		provider.answer(422, "no");
		client(provider.url(), "", meters).send(this.message);
		provider.stall(Duration.ofSeconds(3));
		client(provider.url(), "", meters).send(this.message);
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		client("http://127.0.0.1:" + closedPort + "/messages", "", meters).send(this.message);

		assertThat(requests(meters, "2xx", "SUCCESS")).isEqualTo(1);
		assertThat(requests(meters, "5xx", "SERVER_ERROR")).isEqualTo(3);
		assertThat(requests(meters, "4xx", "CLIENT_ERROR")).isEqualTo(1);
		assertThat(requests(meters, "timeout", "UNKNOWN")).isEqualTo(3);
		assertThat(requests(meters, "error", "UNKNOWN")).isEqualTo(3);
	}

	private static long requests(MeterRegistry meters, String status, String outcome) {
		Timer timer = meters.find("messaging.provider.requests").tag("status", status).tag("outcome", outcome).timer();
		return timer == null ? 0 : timer.count();
	}

	private static ProviderClient client(String url) {
		return client(url, "", new SimpleMeterRegistry());
	}

	private static ProviderClient client(String url, String signingSecret, MeterRegistry meters) {
		WebhookProperties properties = new WebhookProperties(url, "x-ins-auth-key", "key", Duration.ofMillis(500),
				Duration.ofSeconds(2), new WebhookProperties.Retry(2, Duration.ofMillis(5), 2.0, Duration.ofMillis(10)),
				new WebhookProperties.Circuit(100, Duration.ofSeconds(30)));
		WebhookTarget target = new WebhookTarget(properties, new MockEnvironment(), true);
		Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
		return new ProviderClient(target, properties, JsonMapper.builder().build(), clock,
				new CircuitBreaker(properties, clock), new SendRateLimiter(new SendRateProperties(0)),
				new WebhookSigner(new WebhookSigningProperties(signingSecret), clock), new ProviderRequests(meters));
	}

}
