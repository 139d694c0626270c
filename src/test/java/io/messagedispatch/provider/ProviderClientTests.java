package io.messagedispatch.provider;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.messagedispatch.provider.http.ProviderRequests;
import io.messagedispatch.provider.http.SendRateLimiter;
import io.messagedispatch.provider.http.WebhookSigner;
import io.messagedispatch.provider.http.WebhookSigningProperties;
import io.messagedispatch.provider.http.WebhookTarget;
import io.messagedispatch.support.MutableClock;
import io.messagedispatch.support.ProviderStub;
import io.messagedispatch.support.RawHttpProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * How the client classifies what the provider answers.
 */
class ProviderClientTests {

	private static final ProviderStub provider = ProviderStub.start();

	private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final String AUTH_KEY = "auth-key-0123456789";

	private static final int TEN_MEGABYTES = 10 * 1024 * 1024;

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
		assertThat(client(provider.url()).send(this.message)).usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new ProviderResult.Accepted("provider-" + this.message.idempotencyKey(), 1));
	}

	@Test
	void messageWhoseTimeRanOutIsNotPostedAtAll() {
		OutboundMessage expired = new OutboundMessage(this.message.idempotencyKey(), this.message.to(),
				this.message.content(), NOW);

		ProviderResult result = client(provider.url()).send(expired);

		assertThat(result).isInstanceOfSatisfying(ProviderResult.Expired.class,
				expiredResult -> assertThat(expiredResult.posts()).isZero());
		assertThat(provider.requests()).isEmpty();
	}

	@Test
	void messageValidBeyondTheCallIsPostedAsUsual() {
		OutboundMessage valid = new OutboundMessage(this.message.idempotencyKey(), this.message.to(),
				this.message.content(), NOW.plusMillis(1));

		assertThat(client(provider.url()).send(valid)).isInstanceOf(ProviderResult.Accepted.class);
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
	void everyPostIsLoggedWithItsStatusErrorAndAnswer() {
		provider.failThenAccept(503, 2);

		ProviderResult result = client(provider.url()).send(this.message);

		assertThat(result).isInstanceOf(ProviderResult.Accepted.class);
		assertThat(result.log()).extracting(PostAttempt::httpStatus, PostAttempt::error, PostAttempt::at)
			.containsExactly(tuple(503, "HTTP 503", NOW), tuple(503, "HTTP 503", NOW), tuple(202, null, NOW));
		assertThat(result.log()).allSatisfy(post -> assertThat(post.latencyMs()).isNotNegative());
		assertThat(result.log().get(0).responseExcerpt()).isEqualTo("try again");
		assertThat(result.log().get(2).responseExcerpt()).contains("provider-" + this.message.idempotencyKey());
	}

	@Test
	void postsWithoutAnAnswerAreLoggedWithTheirErrorAndNoStatus() {
		provider.resetConnections();

		ProviderResult result = client(provider.url()).send(this.message);

		assertThat(result.log()).hasSize(3).allSatisfy(post -> {
			assertThat(post.httpStatus()).isNull();
			assertThat(post.error()).startsWith("connection failed: ");
			assertThat(post.responseExcerpt()).isNull();
		});
	}

	@Test
	void loggedAnswerIsCutAtItsLimitWithPhoneNumbersMaskedAndTheAuthKeyHidden() {
		provider.answer(422,
				"{\"to\": \"+905551111111\", \"key\": \"" + AUTH_KEY + "\", \"pad\": \"" + "x".repeat(400) + "\"}");

		ProviderResult result = client(provider.url()).send(this.message);

		String excerpt = result.log().get(0).responseExcerpt();
		assertThat(excerpt).hasSize(PostAttempt.MAX_EXCERPT)
			.contains("+90555*****11")
			.doesNotContain("+905551111111")
			.contains("\"key\": \"******\"")
			.doesNotContain(AUTH_KEY);
	}

	@Test
	void answerCutInsideASurrogatePairKeepsNoHalfOfIt() {
		provider.answer(422, "x".repeat(PostAttempt.MAX_EXCERPT - 1) + "\uD83D\uDE00 and more");

		String excerpt = client(provider.url()).send(this.message).log().get(0).responseExcerpt();

		assertThat(excerpt).hasSize(PostAttempt.MAX_EXCERPT - 1).isEqualTo("x".repeat(PostAttempt.MAX_EXCERPT - 1));
	}

	@Test
	void requestTimeoutIsTransient() {
		provider.answer(408, "");

		assertThat(client(provider.url()).send(this.message)).isInstanceOf(ProviderResult.Unavailable.class);
	}

	@Test
	void otherClientErrorsAreRejectedAtOnce() {
		provider.answer(422, "{\"error\":\"number blocked\"}");

		assertThat(client(provider.url()).send(this.message)).usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new ProviderResult.Rejected("HTTP 422: {\"error\":\"number blocked\"}", 1));
	}

	@Test
	void retryAfterInSecondsOrAsADateIsRead() {
		provider.tooManyRequests("30");
		assertThat(client(provider.url()).send(this.message)).usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new ProviderResult.Unavailable("HTTP 429: slow down", 1, Duration.ofSeconds(30)));

		provider.reset();
		provider.tooManyRequests(DateTimeFormatter.RFC_1123_DATE_TIME
			.format(ZonedDateTime.ofInstant(NOW.plusSeconds(90), ZoneOffset.UTC)));
		assertThat(client(provider.url()).send(this.message)).usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new ProviderResult.Unavailable("HTTP 429: slow down", 1, Duration.ofSeconds(90)));
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

		WebhookSigner verifier = new WebhookSigner(new WebhookSigningProperties(SECRET, ""),
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

	@Test
	void retryAfterOnServiceUnavailableIsWaitedOutInsteadOfRetriedInTheRun() {
		provider.answerWithRetryAfter(503, "30", "maintenance");

		assertThat(client(provider.url()).send(this.message)).usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new ProviderResult.Unavailable("HTTP 503: maintenance", 1, Duration.ofSeconds(30)));
		assertThat(provider.postsPerKey()).containsEntry(this.message.idempotencyKey(), 1);
	}

	@Test
	void retryAfterThatCannotBeReadNeverBreaksTheSend() {
		String farFuture = DateTimeFormatter.RFC_1123_DATE_TIME
			.format(ZonedDateTime.of(9999, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC));
		String past = DateTimeFormatter.RFC_1123_DATE_TIME
			.format(ZonedDateTime.ofInstant(NOW.minusSeconds(60), ZoneOffset.UTC));
		Map<String, Duration> waits = Map.of("99999999999999999999999999", Duration.ofDays(365), "9223372036854775807",
				Duration.ofDays(365), farFuture, Duration.ofDays(365), past, Duration.ZERO, "-5", Duration.ZERO, "soon",
				Duration.ZERO, "", Duration.ZERO);

		waits.forEach((retryAfter, wait) -> {
			provider.reset();
			provider.tooManyRequests(retryAfter);
			assertThat(client(provider.url()).send(this.message)).as("429 with Retry-After '%s'", retryAfter)
				.usingRecursiveComparison()
				.withStrictTypeChecking()
				.ignoringFields("log")
				.isEqualTo(new ProviderResult.Unavailable("HTTP 429: slow down", 1, wait));
		});

		provider.reset();
		provider.answerWithRetryAfter(503, "soon", "down");
		assertThat(client(provider.url()).send(this.message)).as("a 503 with an unreadable Retry-After is a plain 503")
			.usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new ProviderResult.Unavailable("HTTP 503: down", 3, null));
	}

	@Test
	void bodyThatStallsAfterTheHeadersTimesOutAtTheDeadline() throws Exception {
		Duration deadline = Duration.ofMillis(500);
		byte[] headersAndABitOfTheBody = (new String(
				RawHttpProvider.head(200, "Content-Type: application/json", "Content-Length: 1000"),
				StandardCharsets.US_ASCII) + "{\"messageId\":")
			.getBytes(StandardCharsets.US_ASCII);
		try (RawHttpProvider stalling = RawHttpProvider.stallingAfter(headersAndABitOfTheBody)) {
			ProviderClient client = client(properties(stalling.url(), deadline, 0));

			ProviderResult result = assertTimeoutPreemptively(deadline.multipliedBy(5), () -> client.send(this.message),
					"the send must come back around the deadline");

			assertThat(result).isInstanceOfSatisfying(ProviderResult.Unavailable.class, unavailable -> {
				assertThat(unavailable.reason()).startsWith("timed out: ");
				assertThat(unavailable.posts()).isEqualTo(1);
				assertThat(unavailable.retryAfter()).isNull();
			});
			assertThat(stalling.awaitClosedByClient(Duration.ofSeconds(5))).as("the exchange is abandoned").isTrue();
		}
	}

	@Test
	void hugeAcceptedBodyIsReadOnlyUpToTheCap() {
		try (RawHttpProvider huge = RawHttpProvider.start((out, in) -> {
			out.write(RawHttpProvider.head(200, "Content-Type: application/json", "Content-Length: " + TEN_MEGABYTES));
			writeBody(out, TEN_MEGABYTES, "{\"messageId\":\"provider-big\",\"padding\":\"", "\"}");
		})) {
			assertThat(client(huge.url()).send(this.message)).usingRecursiveComparison()
				.withStrictTypeChecking()
				.ignoringFields("log")
				.isEqualTo(new ProviderResult.Accepted("provider-big", 1));
		}
	}

	@Test
	void messageIdBeyondTheCapIsNotRead() {
		try (RawHttpProvider huge = RawHttpProvider.start((out, in) -> {
			out.write(RawHttpProvider.head(200, "Content-Type: application/json", "Content-Length: " + TEN_MEGABYTES));
			writeBody(out, TEN_MEGABYTES, "{\"padding\":\"", "\",\"messageId\":\"provider-late\"}");
		})) {
			assertThat(client(huge.url()).send(this.message)).usingRecursiveComparison()
				.withStrictTypeChecking()
				.ignoringFields("log")
				.isEqualTo(new ProviderResult.Accepted(null, 1));
		}
	}

	@Test
	void endlessBodyIsCutAtTheCapAndTheAnswerStillCounts() {
		try (RawHttpProvider endless = RawHttpProvider.start((out, in) -> {
			out.write(RawHttpProvider.head(202, "Content-Type: application/json", "Transfer-Encoding: chunked"));
			byte[] chunk = ("10000\r\n" + "x".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
			out.write("1e\r\n{\"messageId\":\"provider-endless\r\n".getBytes(StandardCharsets.US_ASCII));
			while (true) {
				out.write(chunk);
			}
		})) {
			assertThat(client(endless.url()).send(this.message)).usingRecursiveComparison()
				.withStrictTypeChecking()
				.ignoringFields("log")
				.isEqualTo(new ProviderResult.Accepted(null, 1));
		}
	}

	@Test
	void hugeErrorBodyIsClassifiedWithAShortExcerpt() {
		try (RawHttpProvider huge = RawHttpProvider.start((out, in) -> {
			out.write(RawHttpProvider.head(500, "Content-Type: text/plain", "Content-Length: " + TEN_MEGABYTES));
			writeBody(out, TEN_MEGABYTES, "overloaded ", "");
		})) {
			ProviderResult result = client(properties(huge.url(), Duration.ofSeconds(2), 0)).send(this.message);

			assertThat(result).isInstanceOfSatisfying(ProviderResult.Unavailable.class, unavailable -> {
				assertThat(unavailable.reason()).startsWith("HTTP 500: overloaded xxx").endsWith("xxx...");
				assertThat(unavailable.reason()).hasSize("HTTP 500: ".length() + 200 + "...".length());
			});
		}
	}

	@Test
	void credentialRefusalPausesTheCircuitWithoutUsingUpTheMessage() {
		provider.answer(401, "{\"error\":\"invalid auth key\"}");
		ProviderClient client = client(provider.url());

		ProviderResult result = client.send(this.message);

		assertThat(result).usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new ProviderResult.Paused(
					"provider refused the service: HTTP 401: {\"error\":\"invalid auth key\"}", 1));
		OutboundMessage next = new OutboundMessage("6650a1b2c3d4e5f601234568", "+905552222222", "next");
		assertThat(client.send(next)).as("nothing more is POSTed while the circuit is open")
			.usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new ProviderResult.Unavailable("provider circuit open: not sent", 0, Duration.ZERO));
		assertThat(provider.requests()).hasSize(1);
	}

	@Test
	void pauseStatusesAreTheConfiguredOnes() {
		provider.answer(418, "teapot");
		assertThat(client(properties(provider.url(), Duration.ofSeconds(2), 2, List.of(418))).send(this.message))
			.usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new ProviderResult.Paused("provider refused the service: HTTP 418: teapot", 1));

		provider.answer(401, "no");
		assertThat(client(properties(provider.url(), Duration.ofSeconds(2), 2, List.of(418))).send(this.message))
			.usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new ProviderResult.Rejected("HTTP 401: no", 1));
	}

	@Test
	void probeAnsweredWithAPauseStatusKeepsTheCircuitOpenWithThatReason() {
		MutableClock clock = new MutableClock(NOW);
		WebhookProperties properties = properties(provider.url(), Duration.ofSeconds(2), 2);
		CircuitBreaker circuit = new CircuitBreaker(properties, clock);
		ProviderClient client = client(properties, clock, circuit,
				new WebhookSigner(new WebhookSigningProperties("", ""), clock),
				new ProviderRequests(new SimpleMeterRegistry()));
		circuit.pause("provider refused the service: HTTP 401");
		clock.advance(properties.circuit().openDuration());
		provider.answer(403, "forbidden");

		assertThat(client.send(this.message)).usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new ProviderResult.Paused("provider refused the service: HTTP 403: forbidden", 1));

		assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(circuit.reason()).isEqualTo("provider refused the service: HTTP 403: forbidden");
	}

	@Test
	void authKeyEchoedByTheProviderIsHidden() {
		provider.answer(401, "unknown key " + AUTH_KEY);

		assertThat(client(provider.url()).send(this.message)).usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new ProviderResult.Paused("provider refused the service: HTTP 401: unknown key ******", 1));
	}

	@Test
	void requestThatCannotBeBuiltIsRejectedWithoutSending() {
		OutboundMessage broken = new OutboundMessage("6650a1b2c3d4e5f6\r\nX-Injected: 1", "+905551111111", "hi");

		ProviderResult result = client(provider.url()).send(broken);

		assertThat(result).isInstanceOfSatisfying(ProviderResult.Rejected.class, rejected -> {
			assertThat(rejected.reason()).startsWith("could not build the request: IllegalArgumentException: ");
			assertThat(rejected.posts()).isZero();
		});
		assertThat(provider.requests()).isEmpty();
	}

	@Test
	void authKeyThatIsNoValidHeaderValueIsRejectedWithoutRevealingIt() {
		String badKey = "line-one-secret\nline-two-secret";
		ProviderClient client = client(
				properties(provider.url(), badKey, Duration.ofSeconds(2), 2, List.of(401, 403, 407)));

		ProviderResult result = client.send(this.message);

		assertThat(result).isInstanceOfSatisfying(ProviderResult.Rejected.class, rejected -> {
			assertThat(rejected.reason()).startsWith("could not build the request: IllegalArgumentException: ")
				.doesNotContain("line-one-secret")
				.doesNotContain("line-two-secret");
			assertThat(rejected.posts()).isZero();
		});
		assertThat(provider.requests()).isEmpty();
	}

	@Test
	void signerFailureIsRejectedWithoutSending() {
		WebhookProperties properties = properties(provider.url(), Duration.ofSeconds(2), 2);
		Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
		WebhookSigner failing = new WebhookSigner(new WebhookSigningProperties(SECRET, ""), clock) {

			@Override
			public Map<String, String> headers(String id, byte[] body) {
				throw new IllegalStateException("no key material");
			}

		};

		ProviderResult result = client(properties, clock, new CircuitBreaker(properties, clock), failing,
				new ProviderRequests(new SimpleMeterRegistry()))
			.send(this.message);

		assertThat(result).usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new ProviderResult.Rejected(
					"could not build the request: IllegalStateException: no key material", 0));
		assertThat(provider.requests()).isEmpty();
	}

	@Test
	void unexpectedFailureWhileSendingIsTransientAndFreesTheProbe() {
		MutableClock clock = new MutableClock(NOW);
		WebhookProperties properties = properties(provider.url(), Duration.ofSeconds(2), 2);
		CircuitBreaker circuit = new CircuitBreaker(properties, clock);
		AtomicBoolean failed = new AtomicBoolean();
		ProviderRequests failingOnce = new ProviderRequests(new SimpleMeterRegistry()) {

			@Override
			public HttpResponse<String> send(HttpClient http, HttpRequest request, Duration deadline)
					throws IOException, InterruptedException {
				if (failed.compareAndSet(false, true)) {
					throw new IllegalStateException("boom");
				}
				return super.send(http, request, deadline);
			}

		};
		ProviderClient client = client(properties, clock, circuit,
				new WebhookSigner(new WebhookSigningProperties("", ""), clock), failingOnce);
		circuit.pause("provider refused the service: HTTP 401");
		clock.advance(properties.circuit().openDuration());

		assertThat(client.send(this.message)).as("the probe fails unexpectedly")
			.usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new ProviderResult.Unavailable("unexpected failure: IllegalStateException: boom", 1,
					Duration.ZERO));
		assertThat(client.send(this.message)).as("the next probe goes out")
			.usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new ProviderResult.Accepted("provider-" + this.message.idempotencyKey(), 1));
		assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	private static long requests(MeterRegistry meters, String status, String outcome) {
		Timer timer = meters.find("messaging.provider.requests").tag("status", status).tag("outcome", outcome).timer();
		return timer == null ? 0 : timer.count();
	}

	private static ProviderClient client(String url) {
		return client(url, "", new SimpleMeterRegistry());
	}

	private static ProviderClient client(String url, String signingSecret, MeterRegistry meters) {
		WebhookProperties properties = properties(url, Duration.ofSeconds(2), 2);
		Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
		return client(properties, clock, new CircuitBreaker(properties, clock),
				new WebhookSigner(new WebhookSigningProperties(signingSecret, ""), clock),
				new ProviderRequests(meters));
	}

	private static WebhookProperties properties(String url, Duration responseTimeout, int maxRetries) {
		return properties(url, AUTH_KEY, responseTimeout, maxRetries, List.of(401, 403, 407));
	}

	private static WebhookProperties properties(String url, Duration responseTimeout, int maxRetries,
			List<Integer> pauseOnStatus) {
		return properties(url, AUTH_KEY, responseTimeout, maxRetries, pauseOnStatus);
	}

	private static WebhookProperties properties(String url, String authKey, Duration responseTimeout, int maxRetries,
			List<Integer> pauseOnStatus) {
		return new WebhookProperties(url, "x-ins-auth-key", authKey, Duration.ofMillis(500), responseTimeout,
				new WebhookProperties.Retry(maxRetries, Duration.ofMillis(5), 2.0, Duration.ofMillis(10)),
				new WebhookProperties.Circuit(100, Duration.ofSeconds(30)), pauseOnStatus);
	}

	private static ProviderClient client(WebhookProperties properties, Clock clock, CircuitBreaker circuit,
			WebhookSigner signer, ProviderRequests requests) {
		WebhookTarget target = new WebhookTarget(properties, new MockEnvironment(), true);
		ProviderConfiguration configuration = new ProviderConfiguration();
		return new ProviderClient(configuration.providerHttpClient(properties),
				configuration.providerRetryTemplate(properties), target, properties, JsonMapper.builder().build(),
				clock, circuit, new SendRateLimiter(new SendRateProperties(0)), signer, requests);
	}

	private static ProviderClient client(WebhookProperties properties) {
		Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
		return client(properties, clock, new CircuitBreaker(properties, clock),
				new WebhookSigner(new WebhookSigningProperties("", ""), clock),
				new ProviderRequests(new SimpleMeterRegistry()));
	}

	/**
	 * A body of exactly {@code size} bytes: {@code prefix}, then padding, then
	 * {@code suffix}.
	 */
	private static void writeBody(OutputStream out, int size, String prefix, String suffix) throws IOException {
		byte[] start = prefix.getBytes(StandardCharsets.UTF_8);
		byte[] end = suffix.getBytes(StandardCharsets.UTF_8);
		out.write(start);
		byte[] padding = new byte[64 * 1024];
		Arrays.fill(padding, (byte) 'x');
		int left = size - start.length - end.length;
		while (left > 0) {
			int chunk = Math.min(left, padding.length);
			out.write(padding, 0, chunk);
			left -= chunk;
		}
		out.write(end);
	}

}
