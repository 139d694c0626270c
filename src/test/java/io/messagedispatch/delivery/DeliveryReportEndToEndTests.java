package io.messagedispatch.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.messagedispatch.dispatch.ProcessorSwitch;
import io.messagedispatch.dispatch.RunMode;
import io.messagedispatch.dispatch.run.DispatchRunner;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.Messages;
import io.messagedispatch.provider.http.WebhookSignature;
import io.messagedispatch.support.ProviderStub;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static io.messagedispatch.message.MessageBuilder.aMessage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider's delivery reports through the whole service, with the operator token and
 * client keys set and the provider played by WireMock: a signed report marks a message
 * the service sent as {@code delivered}, also when it came before the send was recorded;
 * a repeated or older report changes nothing; an unsigned, badly signed or stale report,
 * or one that carries a client key or the operator token instead, is refused; and the
 * operator sees the share delivered.
 */
@Tag("e2e")
@SpringBootTest(properties = { "messaging.processor.initial-delay=1h", "messaging.processor.batch-size=10",
		"messaging.processor.chunk-size=10", "messaging.webhook.auth-key=provider-key",
		"messaging.webhook.report-secret=" + DeliveryReportEndToEndTests.SECRET,
		"messaging.security.operator-token=" + DeliveryReportEndToEndTests.OPERATOR,
		"messaging.security.client-keys=shop:" + DeliveryReportEndToEndTests.SHOP })
@AutoConfigureMockMvc
class DeliveryReportEndToEndTests {

	static final String SECRET = "whsec_c2VjcmV0LW9mLXRoZS1wcm92aWRlci1yZXBvcnRz";

	static final String OPERATOR = "operator-token-7e1d2c3b4a59";

	static final String SHOP = "shop-key-9f8e7d6c5b4a3921";

	private static final String PATH = "/provider/delivery-reports";

	private static final ProviderStub provider = ProviderStub.start();

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private Messages store;

	@Autowired
	private DispatchRunner runner;

	@Autowired
	private ProcessorSwitch processorSwitch;

	@Autowired
	private MongoTemplate mongo;

	@Autowired
	private MeterRegistry meters;

	@DynamicPropertySource
	static void provider(DynamicPropertyRegistry registry) {
		registry.add("messaging.webhook.url", provider::url);
	}

	@AfterAll
	static void stopProvider() {
		provider.close();
	}

	@BeforeEach
	void emptyQueue() {
		this.mongo.getCollection("messages").deleteMany(new Document());
		this.mongo.getCollection(UnmatchedReportCollection.COLLECTION).deleteMany(new Document());
		provider.reset();
		this.processorSwitch.start();
	}

	@Test
	void signedReportMarksASentMessageDeliveredWhileItsStatusStaysSent() {
		Message message = sendOne();
		String at = now().toString();

		MvcTestResult result = report(signed(report("provider-" + message.id(), "delivered", at)),
				report("provider-" + message.id(), "delivered", at));

		assertThat(result).hasStatusOk().bodyJson().isStrictlyEqualTo("""
				{"received": 1, "applied": 1, "unchanged": 0, "pending": 0}""");
		assertThat(this.mvc.get().uri("/messages/{id}", message.id()).header("Authorization", "Bearer " + OPERATOR))
			.hasStatusOk()
			.bodyJson()
			.satisfies(json -> {
				assertThat(json).extractingPath("$.status").isEqualTo("sent");
				assertThat(json).extractingPath("$.delivery.status").isEqualTo("delivered");
				assertThat(json).extractingPath("$.delivery.at").isEqualTo(at);
				assertThat(json).extractingPath("$.delivery.errorCode").isNull();
			});
	}

	@Test
	void reportThatComesBeforeTheSendIsRecordedIsAppliedOnceItIs() {
		Message message = this.store.insert(aMessage().createdAt(now().minusSeconds(5)).build());
		String body = report("provider-" + message.id(), "delivered", now().toString());

		assertThat(report(signed(body), body)).hasStatusOk().bodyJson().extractingPath("$.pending").isEqualTo(1);
		assertThat(this.store.findById(message.id()).orElseThrow().delivery()).isNull();

		assertThat(this.runner.run(RunMode.ONCE).sent()).isEqualTo(1);

		assertThat(this.store.findById(message.id()).orElseThrow().delivery().status()).isEqualTo("delivered");
	}

	@Test
	void repeatedOrOlderReportChangesNothing() {
		Message message = sendOne();
		String providerId = "provider-" + message.id();
		String newer = report(providerId, "undelivered", now().toString());
		String older = report(providerId, "delivered", now().minusSeconds(30).toString());
		report(signed(newer), newer);
		Message reported = this.store.findById(message.id()).orElseThrow();

		assertThat(report(signed(newer), newer)).bodyJson().extractingPath("$.unchanged").isEqualTo(1);
		assertThat(report(signed(older), older)).bodyJson().extractingPath("$.unchanged").isEqualTo(1);

		assertThat(this.store.findById(message.id())).contains(reported);
		assertThat(reported.delivery().status()).isEqualTo("undelivered");
	}

	@Test
	void unsignedBadlySignedOrStaleReportIsRefusedAndChangesNothing() {
		Message message = sendOne();
		String body = report("provider-" + message.id(), "delivered", now().toString());
		Clock tenMinutesAgo = Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC);
		Map<String, String> stale = WebhookSignature.of(SECRET, "test", tenMinutesAgo)
			.headers("msg_1", body.getBytes(StandardCharsets.UTF_8));
		Map<String, String> otherSecret = WebhookSignature
			.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "test", Clock.systemUTC())
			.headers("msg_1", body.getBytes(StandardCharsets.UTF_8));

		assertThat(report(Map.of(), body)).hasStatus(HttpStatus.UNAUTHORIZED)
			.bodyJson()
			.extractingPath("$.error")
			.isEqualTo("missing webhook-id, webhook-timestamp or webhook-signature header");
		assertThat(report(otherSecret, body)).hasStatus(HttpStatus.UNAUTHORIZED)
			.bodyJson()
			.extractingPath("$.error")
			.isEqualTo("webhook-signature does not match");
		assertThat(report(stale, body)).hasStatus(HttpStatus.UNAUTHORIZED)
			.bodyJson()
			.extractingPath("$.error")
			.isEqualTo("webhook-timestamp is more than 5 minutes from now");

		assertThat(this.store.findById(message.id()).orElseThrow().delivery()).isNull();
	}

	@Test
	void aClientKeyOrTheOperatorTokenIsNotTheProvidersCredential() {
		Message message = sendOne();
		String body = report("provider-" + message.id(), "delivered", now().toString());

		assertThat(report(Map.of("Authorization", "Bearer " + SHOP), body)).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(report(Map.of("Authorization", "Bearer " + OPERATOR), body)).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(report(Map.of("x-ins-auth-key", "provider-key"), body)).as("the auth key, where reports are signed")
			.hasStatus(HttpStatus.UNAUTHORIZED);

		assertThat(this.store.findById(message.id()).orElseThrow().delivery()).isNull();
	}

	@Test
	void theOperatorSeesTheShareDeliveredAndReportsAreCountedByStatus() {
		double before = this.meters.get("messaging.delivery.reports").tag("status", "undelivered").counter().count();
		Message delivered = sendOne();
		Message undelivered = sendOne();
		String body = "[" + report("provider-" + delivered.id(), "delivered", now().toString()) + ","
				+ report("provider-" + undelivered.id(), "undelivered", now().toString()) + "]";
		report(signed(body), body);

		assertThat(this.mvc.get().uri("/processor/status").header("Authorization", "Bearer " + OPERATOR)).hasStatusOk()
			.bodyJson()
			.satisfies(json -> {
				assertThat(json).extractingPath("$.delivery.delivered").isEqualTo(1);
				assertThat(json).extractingPath("$.delivery.undelivered").isEqualTo(1);
				assertThat(json).extractingPath("$.delivery.deliveredShare").isEqualTo(0.5);
			});
		assertThat(this.meters.get("messaging.delivery.reports").tag("status", "undelivered").counter().count())
			.isEqualTo(before + 1);
	}

	private Message sendOne() {
		Message message = this.store.insert(aMessage().createdAt(now().minusSeconds(5)).build());
		assertThat(this.runner.run(RunMode.ONCE).sent()).isEqualTo(1);
		return message;
	}

	private MvcTestResult report(Map<String, String> headers, String body) {
		var request = this.mvc.post().uri(PATH).contentType(MediaType.APPLICATION_JSON).content(body);
		headers.forEach(request::header);
		return request.exchange();
	}

	private static String report(String providerId, String status, String at) {
		return "{\"messageId\": \"" + providerId + "\", \"status\": \"" + status + "\", \"at\": \"" + at + "\"}";
	}

	private static Map<String, String> signed(String body) {
		return WebhookSignature.of(SECRET, "test", Clock.systemUTC())
			.headers("msg_" + body.hashCode(), body.getBytes(StandardCharsets.UTF_8));
	}

	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MILLIS);
	}

}
