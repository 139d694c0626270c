package io.messagedispatch.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.messagedispatch.dispatch.run.DispatchRunner;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;
import io.messagedispatch.support.MutableClock;
import io.messagedispatch.support.ProviderStub;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static io.messagedispatch.message.MessageBuilder.aMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The whole flow against a provider played by WireMock on loopback: claim, send, mark,
 * cache.
 */
@Tag("e2e")
@SpringBootTest(properties = { "messaging.processor.initial-delay=1h", "messaging.processor.batch-size=2",
		"messaging.processor.chunk-size=2", "messaging.processor.send-concurrency=1",
		"messaging.webhook.auth-key=test-key", "messaging.webhook.response-timeout=1s",
		"messaging.webhook.retry.delay=10ms", "messaging.webhook.retry.max-delay=20ms", "messaging.delivery.jitter=0" })
@AutoConfigureMockMvc
class DispatchEndToEndTests {

	private static final ProviderStub provider = ProviderStub.start();

	private static final MutableClock clock = MutableClock.startingNow();

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
	private StringRedisTemplate redis;

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
		this.mongo.getCollection("dispatch_runs").deleteMany(new Document());
		provider.reset();
		this.processorSwitch.start();
	}

	@Test
	void drainSendsEveryDueMessageOnceOldestFirstWithTheProviderContract() {
		List<Message> queued = enqueue(5);

		RunReport report = this.runner.run(RunMode.DRAIN);

		assertThat(report.outcome()).isEqualTo(RunReport.Outcome.COMPLETED);
		assertThat(report.sent()).isEqualTo(5);
		List<ProviderStub.Request> requests = provider.requests();
		assertThat(requests).extracting(ProviderStub.Request::idempotencyKey)
			.containsExactlyElementsOf(queued.stream().map(Message::id).toList());
		ProviderStub.Request first = requests.get(0);
		assertThat(first.header("x-ins-auth-key")).isEqualTo("test-key");
		assertThat(first.header("Content-Type")).startsWith("application/json");
		assertThat((String) JsonPath.read(first.body(), "$.to")).isEqualTo(queued.get(0).phoneNumber());
		assertThat((String) JsonPath.read(first.body(), "$.content")).isEqualTo(queued.get(0).content());
		for (Message message : queued) {
			Message sent = this.store.findById(message.id()).orElseThrow();
			assertThat(sent.status()).isEqualTo(MessageStatus.SENT);
			assertThat(sent.webhookMessageId()).isEqualTo("provider-" + message.id());
			assertThat(sent.sentAt()).isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
			assertThat(sent.attempts()).isEqualTo(1);
			String cached = this.redis.opsForValue().get("message:" + message.id());
			assertThat(cached).isNotNull();
			assertThat((String) JsonPath.read(cached, "$.messageId")).isEqualTo("provider-" + message.id());
			assertThat(this.redis.getExpire("message:" + message.id(), TimeUnit.SECONDS)).isBetween(1L,
					Duration.ofHours(24).toSeconds());
		}
	}

	@Test
	void oneRunSendsAtMostTheBatchSize() {
		List<Message> queued = enqueue(5);

		RunReport report = this.runner.run(RunMode.ONCE);

		assertThat(report.sent()).isEqualTo(2);
		assertThat(provider.requests()).extracting(ProviderStub.Request::idempotencyKey)
			.containsExactly(queued.get(0).id(), queued.get(1).id());
		assertThat(this.store.countByStatus()).containsEntry(MessageStatus.SENT, 2L)
			.containsEntry(MessageStatus.UNSENT, 3L);
	}

	@Test
	void serverErrorIsRetriedWithinTheRunAndSentOnce() {
		Message message = enqueue(1).get(0);
		provider.failThenAccept(500, 1);

		this.runner.run(RunMode.ONCE);

		assertThat(provider.postsPerKey()).containsEntry(message.id(), 2);
		Message sent = this.store.findById(message.id()).orElseThrow();
		assertThat(sent.status()).isEqualTo(MessageStatus.SENT);
		assertThat(sent.attempts()).isEqualTo(2);
	}

	@Test
	void messageThatFailedTwiceAndThenWentOutShowsThreeAttemptsWithTheirStatusCodes() {
		Message message = enqueue(1).get(0);
		provider.failThenAccept(500, 2);

		RunReport report = this.runner.run(RunMode.ONCE);

		MvcTestResult attempts = this.mvc.get().uri("/messages/" + message.id() + "/attempts").exchange();
		assertThat(attempts).hasStatusOk();
		assertThat(attempts).bodyJson().extractingPath("$[*].attempt").asArray().containsExactly(1, 2, 3);
		assertThat(attempts).bodyJson().extractingPath("$[*].httpStatus").asArray().containsExactly(500, 500, 202);
		assertThat(attempts).bodyJson()
			.extractingPath("$[*].outcome")
			.asArray()
			.containsExactly("retry", "retry", "sent");
		assertThat(attempts).bodyJson().extractingPath("$[*].runId").asArray().containsOnly(report.runId());
		assertThat(attempts).bodyJson().extractingPath("$[2].responseExcerpt").asString().contains("provider-");
		assertThat(this.store.findById(message.id()).orElseThrow().attempts()).isEqualTo(3);
	}

	@Test
	void runnerStoppedAndStartedAgainWithoutAClose() {
		Message message = enqueue(1).get(0);

		this.runner.stop();
		this.runner.start();
		RunReport report = this.runner.run(RunMode.ONCE);

		assertThat(report.sent()).isEqualTo(1);
		assertThat(this.store.findById(message.id()).orElseThrow().status()).isEqualTo(MessageStatus.SENT);
	}

	@Test
	void clientErrorFailsTheMessageWithoutRetrying() {
		Message message = enqueue(1).get(0);
		provider.answer(400, "{\"error\":\"invalid recipient\"}");

		RunReport report = this.runner.run(RunMode.ONCE);

		assertThat(report.failed()).isEqualTo(1);
		assertThat(provider.postsPerKey()).containsEntry(message.id(), 1);
		Message failed = this.store.findById(message.id()).orElseThrow();
		assertThat(failed.status()).isEqualTo(MessageStatus.FAILED);
		assertThat(failed.lastError()).contains("HTTP 400").contains("invalid recipient");
	}

	@Test
	void timeoutLeavesTheMessageForALaterRunWithTheSameKey() {
		Message message = enqueue(1).get(0);
		provider.stall(Duration.ofSeconds(2));

		RunReport first = this.runner.run(RunMode.ONCE);

		assertThat(first.retried()).isEqualTo(1);
		Message waiting = this.store.findById(message.id()).orElseThrow();
		assertThat(waiting.status()).isEqualTo(MessageStatus.UNSENT);
		assertThat(waiting.attempts()).isEqualTo(3);
		assertThat(waiting.lastError()).contains("timed out");
		assertThat(waiting.nextAttemptAt()).isAfter(clock.instant());
		assertThat(this.runner.run(RunMode.ONCE).claimed()).as("not due yet").isZero();

		provider.reset();
		clock.advance(Duration.between(clock.instant(), waiting.nextAttemptAt()));
		this.runner.run(RunMode.ONCE);

		assertThat(this.store.findById(message.id())).get().extracting(Message::status).isEqualTo(MessageStatus.SENT);
		assertThat(provider.postsPerKey()).containsOnlyKeys(message.id());
	}

	@Test
	void tooManyRequestsWaitsAsLongAsTheProviderAsks() {
		Message message = enqueue(1).get(0);
		provider.tooManyRequests("120");

		this.runner.run(RunMode.ONCE);

		assertThat(provider.postsPerKey()).containsEntry(message.id(), 1);
		Message waiting = this.store.findById(message.id()).orElseThrow();
		assertThat(waiting.status()).isEqualTo(MessageStatus.UNSENT);
		assertThat(Duration.between(clock.instant(), waiting.nextAttemptAt()).toSeconds()).isCloseTo(120L, within(1L));
	}

	@Test
	void refusedCredentialsPauseSendingWithoutUsingUpAnyAttempt() {
		List<Message> queued = enqueue(2);
		provider.answer(401, "{\"error\":\"invalid auth key\"}");
		String reason = "provider refused the service: HTTP 401: {\"error\":\"invalid auth key\"}";

		this.runner.run(RunMode.ONCE);

		assertThat(provider.requests()).as("the first POST opens the circuit; nothing more goes out").hasSize(1);
		for (Message message : queued) {
			Message waiting = this.store.findById(message.id()).orElseThrow();
			assertThat(waiting.status()).isEqualTo(MessageStatus.UNSENT);
			assertThat(waiting.attempts()).as("no attempt used up").isZero();
		}
		assertThat(this.store.findById(queued.get(0).id()).orElseThrow().lastError()).isEqualTo(reason);
		assertThat(this.mvc.get().uri("/processor/status")).hasStatusOk().bodyJson().satisfies(json -> {
			assertThat(json).extractingPath("$.providerCircuit").isEqualTo("OPEN");
			assertThat(json).extractingPath("$.providerCircuitReason").isEqualTo(reason);
		});

		provider.reset();
		clock.advance(Duration.ofSeconds(30));
		this.runner.run(RunMode.DRAIN);

		for (Message message : queued) {
			Message sent = this.store.findById(message.id()).orElseThrow();
			assertThat(sent.status()).isEqualTo(MessageStatus.SENT);
			assertThat(sent.attempts()).isEqualTo(1);
		}
		assertThat(this.mvc.get().uri("/processor/status")).hasStatusOk().bodyJson().satisfies(json -> {
			assertThat(json).extractingPath("$.providerCircuit").isEqualTo("CLOSED");
			assertThat(json).extractingPath("$.providerCircuitReason").isNull();
		});
	}

	@Test
	void acceptanceWithoutAMessageIdStillCountsAsSent() {
		Message message = enqueue(1).get(0);
		provider.acceptWithoutMessageId();

		this.runner.run(RunMode.ONCE);

		Message sent = this.store.findById(message.id()).orElseThrow();
		assertThat(sent.status()).isEqualTo(MessageStatus.SENT);
		assertThat(sent.webhookMessageId()).isNull();
	}

	@Test
	void badStoredMessageIsFailedWithoutBlockingTheNextOne() {
		ObjectId bad = new ObjectId();
		this.mongo.getCollection("messages")
			.insertOne(new Document("_id", bad).append("phoneNumber", "12")
				.append("content", "")
				.append("status", "unsent")
				.append("createdAt", java.util.Date.from(clock.instant().minusSeconds(60))));
		Message good = enqueue(1).get(0);

		RunReport report = this.runner.run(RunMode.ONCE);

		assertThat(report.sent()).isEqualTo(1);
		assertThat(report.failed()).isEqualTo(1);
		assertThat(provider.postsPerKey()).containsOnlyKeys(good.id());
		Message failed = this.store.findById(bad.toHexString()).orElseThrow();
		assertThat(failed.status()).isEqualTo(MessageStatus.FAILED);
		assertThat(failed.lastError()).contains("phoneNumber").contains("content");
	}

	@Test
	void stoppedProcessorSendsNothingUntilStartedAgain() {
		enqueue(1);
		assertThat(this.mvc.post().uri("/processor/stop")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.message")
			.isEqualTo("message processor stopped");

		assertThat(this.runner.run(RunMode.SCHEDULED).outcome()).isEqualTo(RunReport.Outcome.SKIPPED);
		assertThat(provider.requests()).isEmpty();

		assertThat(this.mvc.post().uri("/processor/start")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.message")
			.isEqualTo("message processor started");
		assertThat(this.runner.run(RunMode.ONCE).sent()).isEqualTo(1);
	}

	@Test
	void sentMessagesAreListedNewestFirstWithTheOldShape() {
		assertThat(this.mvc.get().uri("/processor/sent-messages")).hasStatus(HttpStatus.NOT_FOUND)
			.bodyJson()
			.extractingPath("$.error")
			.isEqualTo("no sent messages found");
		// sent a minute apart, one per run; built and created in the opposite order, so
		// that ordering by id or by
		// creation time lists them the wrong way round
		Instant start = clock.instant();
		Message sentLast = aMessage().phoneNumber("+905550000001").createdAt(start.minus(Duration.ofHours(3))).build();
		Message sentSecond = aMessage().phoneNumber("+905550000002")
			.createdAt(start.minus(Duration.ofHours(2)))
			.build();
		Message sentFirst = aMessage().phoneNumber("+905550000003").createdAt(start.minusSeconds(1)).build();
		List<Instant> sentAtNewestFirst = new ArrayList<>();
		for (Message message : List.of(sentFirst, sentSecond, sentLast)) {
			this.store.insertAll(List.of(message));
			assertThat(this.runner.run(RunMode.ONCE).sent()).as("each run sends the one message queued").isEqualTo(1);
			sentAtNewestFirst.add(0, clock.instant().truncatedTo(ChronoUnit.MILLIS));
			clock.advance(Duration.ofMinutes(1));
		}

		assertThat(this.mvc.get().uri("/processor/sent-messages")).hasStatusOk().bodyJson().satisfies(json -> {
			assertThat(json).extractingPath("$[*].id")
				.asArray()
				.as("newest first")
				.containsExactly(sentLast.id(), sentSecond.id(), sentFirst.id());
			assertThat(json).extractingPath("$[*].sentAt")
				.asArray()
				.extracting(value -> Instant.parse((String) value))
				.containsExactlyElementsOf(sentAtNewestFirst);
			assertThat(json).extractingPath("$[0].webhookMessageId").isEqualTo("provider-" + sentLast.id());
			assertThat(json).extractingPath("$[0].phoneNumber").isEqualTo("+905550000001");
			assertThat(json).extractingPath("$[0].content").isEqualTo(sentLast.content());
			assertThat(json).extractingPath("$[0].status").isEqualTo("sent");
		});
		assertThat(this.mvc.get().uri("/processor/sent-messages?limit=2")).hasStatusOk()
			.bodyJson()
			.extractingPath("$[*].id")
			.asArray()
			.containsExactly(sentLast.id(), sentSecond.id());
		for (String limit : List.of("0", "1001", "abc", "-1", "2.5")) {
			assertThat(this.mvc.get().uri("/processor/sent-messages?limit=" + limit)).hasStatus(HttpStatus.BAD_REQUEST)
				.bodyJson()
				.extractingPath("$.error")
				.isEqualTo("invalid limit parameter");
		}
	}

	@Test
	void receiptComesFromRedisAndFallsBackToMongoRefillingTheCache() {
		Message message = enqueue(1).get(0);
		this.runner.run(RunMode.ONCE);
		String key = "message:" + message.id();

		assertThat(this.mvc.get().uri("/messages/" + message.id() + "/receipt")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.messageId")
			.isEqualTo("provider-" + message.id());

		this.redis.delete(key);
		assertThat(this.mvc.get().uri("/messages/" + message.id() + "/receipt")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.messageId")
			.isEqualTo("provider-" + message.id());
		assertThat(this.redis.hasKey(key)).isTrue();
	}

	@Test
	void statusShowsTheSettingsTheRunsAndTheQueue() {
		enqueue(3);
		this.runner.run(RunMode.ONCE);

		assertThat(this.mvc.get().uri("/processor/status")).hasStatusOk().bodyJson().satisfies(json -> {
			assertThat(json).extractingPath("$.running").isEqualTo(true);
			assertThat(json).extractingPath("$.settings.batchSize").isEqualTo(2);
			assertThat(json).extractingPath("$.lastRuns[0].sent").isEqualTo(2);
			assertThat(json).extractingPath("$.messages.unsent").isEqualTo(1);
			assertThat(json).extractingPath("$.messages.sent").isEqualTo(2);
			assertThat(json).extractingPath("$.providerCircuit").isEqualTo("CLOSED");
			assertThat(json).extractingPath("$.providerCircuitReason").isNull();
		});
	}

	private List<Message> enqueue(int count) {
		List<Message> messages = new ArrayList<>();
		Instant base = clock.instant().minusSeconds(count + 1L);
		for (int i = 0; i < count; i++) {
			messages.add(aMessage().phoneNumber("+90555000000" + i)
				.content("message " + i)
				.createdAt(base.plusSeconds(i))
				.build());
		}
		this.store.insertAll(messages);
		return messages;
	}

}
