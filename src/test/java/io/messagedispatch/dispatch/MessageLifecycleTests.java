package io.messagedispatch.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.messagedispatch.dispatch.run.DispatchRunner;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;
import io.messagedispatch.support.MutableClock;
import io.messagedispatch.support.ProviderStub;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static io.messagedispatch.message.MessageBuilder.aMessage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message's life as a client shapes it, through the API and real dispatch runs against
 * a provider stub on loopback, with the service's clock in the test's hand: not sent
 * before its {@code sendAt}, never POSTed after its expiry or once cancelled, and claimed
 * ahead of older messages when it is urgent.
 */
@Tag("e2e")
@SpringBootTest(properties = { "messaging.processor.initial-delay=1h", "messaging.processor.batch-size=2",
		"messaging.processor.chunk-size=2", "messaging.processor.send-concurrency=1",
		"messaging.webhook.response-timeout=5s", "messaging.webhook.retry.delay=10ms",
		"messaging.webhook.retry.max-delay=20ms", "messaging.delivery.jitter=0" })
@AutoConfigureMockMvc
class MessageLifecycleTests {

	private static final ProviderStub provider = ProviderStub.start();

	private static final MutableClock clock = MutableClock.startingNow();

	private final JsonMapper json = JsonMapper.builder().build();

	@TestBean
	private Clock systemClock;

	@Autowired
	private DispatchRunner runner;

	@Autowired
	private Messages store;

	@Autowired
	private ProcessorSwitch processorSwitch;

	@Autowired
	private MongoTemplate mongo;

	@Autowired
	private MockMvcTester mvc;

	static Clock systemClock() {
		return clock;
	}

	@DynamicPropertySource
	static void provider(DynamicPropertyRegistry registry) {
		registry.add("messaging.webhook.url", provider::url);
	}

	@AfterAll
	static void stopProvider() {
		provider.close();
	}

	@BeforeEach
	void emptyQueueAndHealthyProvider() {
		this.mongo.getCollection("messages").deleteMany(new Document());
		provider.reset();
		this.processorSwitch.start();
	}

	@Test
	void messageScheduledFiveSecondsAheadIsPostedAfterItsSendAtAndNotBefore() {
		Instant sendAt = now().plusSeconds(5);
		String id = enqueue("""
				{"phoneNumber": "+905551111111", "content": "later", "sendAt": "%s"}""".formatted(sendAt));

		this.runner.run(RunMode.DRAIN);
		clock.advance(Duration.ofMillis(4_999));
		this.runner.run(RunMode.DRAIN);

		assertThat(provider.requests()).as("nothing is POSTed before sendAt").isEmpty();
		assertThat(message(id).path("sendAt").asString()).isEqualTo(sendAt.toString());
		assertThat(message(id).path("nextAttemptAt").asString()).isEqualTo(sendAt.toString());

		clock.advance(Duration.ofMillis(1));
		this.runner.run(RunMode.DRAIN);

		assertThat(postedKeys()).containsExactly(id);
		assertThat(this.store.findById(id).orElseThrow().sentAt()).isAfterOrEqualTo(sendAt);
	}

	@Test
	void messageValidForTwoSecondsBehindAStoppedProcessorExpiresAndIsNeverPosted() {
		this.processorSwitch.stop();
		String id = enqueue("""
				{"phoneNumber": "+905551111111", "content": "code 1234", "validFor": "PT2S"}""");
		assertThat(message(id).path("expiresAt").asString()).isEqualTo(now().plusSeconds(2).toString());

		clock.advance(Duration.ofSeconds(3));
		this.runner.run(RunMode.SCHEDULED);

		JsonNode expired = message(id);
		assertThat(expired.path("status").asString()).isEqualTo("expired");
		assertThat(expired.path("lastError").asString()).contains("expired");

		this.processorSwitch.start();
		this.runner.run(RunMode.DRAIN);
		assertThat(this.mvc.post().uri("/messages/{id}/requeue", id)).hasStatus(HttpStatus.CONFLICT);
		assertThat(this.mvc.post().uri("/messages/requeue?status=failed")).hasStatusOk();
		this.runner.run(RunMode.DRAIN);

		assertThat(provider.requests()).isEmpty();
		assertThat(message(id).path("status").asString()).isEqualTo("expired");
	}

	@Test
	void messagePastItsExpiryWhenARunStartsIsExpiredRatherThanPosted() {
		Message claimedLate = aMessage().createdAt(now().minusSeconds(10)).expiresAt(now()).build();
		this.store.insert(claimedLate);

		this.runner.run(RunMode.DRAIN);

		assertThat(provider.requests()).isEmpty();
		assertThat(this.store.findById(claimedLate.id()).orElseThrow().status()).isEqualTo(MessageStatus.EXPIRED);
	}

	@Test
	void highPriorityMessageEnqueuedBehindAThousandNormalOnesIsInTheFirstChunkSent() {
		List<Message> normal = new ArrayList<>();
		Instant base = now().minusSeconds(2_000);
		for (int i = 0; i < 1_000; i++) {
			normal.add(aMessage().createdAt(base.plusSeconds(i)).content("normal " + i).build());
		}
		this.store.insertAll(normal);
		String urgent = enqueue("""
				{"phoneNumber": "+905551111111", "content": "urgent", "priority": "high"}""");

		RunReport first = this.runner.run(RunMode.ONCE);

		assertThat(first.sent()).isEqualTo(2);
		assertThat(postedKeys()).containsExactly(urgent, normal.get(0).id());
		assertThat(message(urgent).path("priority").asString()).isEqualTo("high");
	}

	@Test
	void cancelledMessageIsNeverPostedAndCannotBeCancelledTwice() {
		String id = enqueue("""
				{"phoneNumber": "+905551111111", "content": "changed my mind"}""");

		MvcTestResult cancelled = this.mvc.post().uri("/messages/{id}/cancel", id).exchange();
		this.runner.run(RunMode.DRAIN);

		assertThat(cancelled).hasStatusOk().bodyJson().extractingPath("$.status").isEqualTo("cancelled");
		assertThat(provider.requests()).isEmpty();
		assertThat(this.mvc.post().uri("/messages/{id}/cancel", id)).hasStatus(HttpStatus.CONFLICT)
			.bodyJson()
			.extractingPath("$.error")
			.asString()
			.contains("is cancelled");
		assertThat(this.mvc.post().uri("/messages/{id}/requeue", id)).hasStatus(HttpStatus.CONFLICT);
	}

	@Test
	void messageBeingSentCannotBeCancelledAndTheAnswerSaysWhy() {
		Message sending = aMessage().claimedBy("instance/run", now().plusSeconds(60)).build();
		this.store.insert(sending);

		assertThat(this.mvc.post().uri("/messages/{id}/cancel", sending.id())).hasStatus(HttpStatus.CONFLICT)
			.bodyJson()
			.extractingPath("$.error")
			.asString()
			.contains("is being sent");
		assertThat(this.store.findById(sending.id()).orElseThrow().status()).isEqualTo(MessageStatus.SENDING);
	}

	@Test
	void bulkCancelTakesOnlyTheUnsentMessagesItsFilterNamesAndRefusesAMisspelledFilter() {
		String mine = enqueue("""
				{"phoneNumber": "+905551111111", "content": "one"}""");
		String scheduled = enqueue("""
				{"phoneNumber": "+905551111111", "content": "two", "sendAt": "%s"}""".formatted(now().plusSeconds(60)));
		String other = enqueue("""
				{"phoneNumber": "+905552222222", "content": "three"}""");

		assertThat(this.mvc.post()
			.uri("/messages/cancel")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"status\": \"unsent\", \"phonenumber\": \"+905551111111\"}")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors[0].field")
			.isEqualTo("phonenumber");
		assertThat(this.store.countByStatus()).containsEntry(MessageStatus.CANCELLED, 0L);

		assertThat(this.mvc.post()
			.uri("/messages/cancel")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"status\": \"unsent\", \"phoneNumber\": \"+905551111111\"}")).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"cancelled\": 2}");
		this.runner.run(RunMode.DRAIN);

		assertThat(message(mine).path("status").asString()).isEqualTo("cancelled");
		assertThat(message(scheduled).path("status").asString()).isEqualTo("cancelled");
		assertThat(postedKeys()).containsExactly(other);
	}

	private String enqueue(String body) {
		MvcTestResult result = this.mvc.post()
			.uri("/messages")
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
		assertThat(result).hasStatus(HttpStatus.CREATED);
		return this.json.readTree(result.getResponse().getContentAsByteArray()).path("id").asString();
	}

	/** The messages POSTed, in the order of their first POST. */
	private static List<String> postedKeys() {
		return provider.requests().stream().map(ProviderStub.Request::idempotencyKey).distinct().toList();
	}

	private JsonNode message(String id) {
		MvcTestResult result = this.mvc.get().uri("/messages/{id}", id).exchange();
		assertThat(result).hasStatusOk();
		return this.json.readTree(result.getResponse().getContentAsByteArray());
	}

	private static Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
