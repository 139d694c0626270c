package io.messagedispatch.message.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.mongodb.MongoException;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessageProperties;
import io.messagedispatch.message.MessageRules;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;
import io.messagedispatch.message.mongo.IdempotencyKeyCollection;
import io.messagedispatch.message.mongo.MessageCollection;
import io.messagedispatch.message.web.refusals.IdempotencyKeyReusedException;
import io.messagedispatch.message.web.refusals.MessageRejectedException;
import io.messagedispatch.support.InMemoryMongo;
import io.messagedispatch.support.MutableClock;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;

/**
 * Intake: a request is validated as a whole before any of it is stored, and an
 * {@code Idempotency-Key} replays what its first request created, completes it when that
 * request broke off, and is refused for any other request. Runs against the embedded
 * mongo-java-server, with the real message store and key records.
 */
class MessageIntakeTests {

	private static final Instant NOW = Instant.parse("2026-05-01T12:00:00.123456Z");

	private static final Instant STORED_NOW = Instant.parse("2026-05-01T12:00:00.123Z");

	private static final String BATCH = "/messages/batch";

	@RegisterExtension
	static final InMemoryMongo server = new InMemoryMongo();

	private final MutableClock clock = new MutableClock(NOW);

	private final MessageProperties properties = new MessageProperties(20, 3, Duration.ofHours(24), Duration.ofDays(35),
			null);

	private MongoTemplate mongo;

	private Messages messages;

	private MessageIntake intake;

	@BeforeEach
	void freshDatabase() {
		this.mongo = server.freshDatabase("intake");
		this.messages = spy(new Messages(new MessageCollection(this.mongo), this.clock));
		this.intake = new MessageIntake(this.messages,
				new IdempotencyKeys(new IdempotencyKeyCollection(this.mongo, this.properties), this.clock),
				new MessageRules(this.properties), this.properties, this.clock);
	}

	@Test
	void acceptedMessagesAreStoredUnsentAndDueAtOnceInTheOrderGiven() {
		MessageIntake.Accepted accepted = acceptAsOperator(
				List.of(request("+905551111111", "first"), request("+905552222222", "second")), null, BATCH);

		assertThat(accepted.replayed()).isFalse();
		assertThat(accepted.messages()).extracting(Message::phoneNumber, Message::content)
			.containsExactly(tuple("+905551111111", "first"), tuple("+905552222222", "second"));
		assertThat(accepted.messages()).allSatisfy(message -> {
			assertThat(ObjectId.isValid(message.id())).isTrue();
			assertThat(message.status()).isEqualTo(MessageStatus.UNSENT);
			assertThat(message.attempts()).isZero();
			assertThat(message.createdAt()).isEqualTo(STORED_NOW);
			assertThat(message.nextAttemptAt()).isEqualTo(STORED_NOW);
		});
		assertThat(this.messages.findAllById(ids(accepted))).isEqualTo(accepted.messages());
	}

	@Test
	void everyRequestWithoutAKeyIsStoredAgainUnderNewIds() {
		List<MessageRequest> requests = List.of(request("+905551111111", "hello"));

		MessageIntake.Accepted first = acceptAsOperator(requests, null, "/messages");
		MessageIntake.Accepted second = acceptAsOperator(requests, null, "/messages");

		assertThat(ids(second)).doesNotContainAnyElementsOf(ids(first));
		assertThat(unsent()).isEqualTo(2);
	}

	@Test
	void oneBrokenMessageRejectsTheWholeBatchAndStoresNothing() {
		List<MessageRequest> requests = List.of(request("+905551111111", "fine"), request("0555", "fine"),
				request("+905553333333", "x".repeat(21)));

		assertThatExceptionOfType(MessageRejectedException.class)
			.isThrownBy(() -> acceptAsOperator(requests, null, BATCH))
			.satisfies(ex -> assertThat(ex.violations()).containsExactly(
					new MessageRules.Violation("messages[1].phoneNumber",
							"must be in E.164 format, e.g. +905551111111"),
					new MessageRules.Violation("messages[2].content", "must be at most 20 characters")));
		assertThat(unsent()).isZero();
	}

	@Test
	void violationsOfASingleMessageNameItsFieldsWithoutAnIndex() {
		assertThatExceptionOfType(MessageRejectedException.class)
			.isThrownBy(() -> acceptAsOperator(List.of(request(null, " ")), null, "/messages"))
			.satisfies(ex -> assertThat(ex.violations()).containsExactly(
					new MessageRules.Violation("phoneNumber", "is required"),
					new MessageRules.Violation("content", "must not be empty")));
	}

	@Test
	void missingMessageInABatchIsAViolationRatherThanAnError() {
		List<MessageRequest> requests = Arrays.asList(request("+905551111111", "fine"), null);

		assertThatExceptionOfType(MessageRejectedException.class)
			.isThrownBy(() -> acceptAsOperator(requests, "key-1", BATCH))
			.satisfies(ex -> assertThat(ex.violations())
				.containsExactly(new MessageRules.Violation("messages[1].message", "must not be null")));
		assertThat(unsent()).isZero();
	}

	@Test
	void emptyBatchAndBatchOverTheLimitAreRejected() {
		assertThatExceptionOfType(MessageRejectedException.class)
			.isThrownBy(() -> acceptAsOperator(List.of(), null, BATCH))
			.satisfies(ex -> assertThat(ex.violations())
				.containsExactly(new MessageRules.Violation("messages", "must hold at least one message")));
		List<MessageRequest> four = List.of(request("+905551111111", "1"), request("+905551111111", "2"),
				request("+905551111111", "3"), request("+905551111111", "4"));
		assertThatExceptionOfType(MessageRejectedException.class).isThrownBy(() -> acceptAsOperator(four, null, BATCH))
			.satisfies(ex -> assertThat(ex.violations())
				.containsExactly(new MessageRules.Violation("messages", "must hold at most 3 messages")));
		assertThat(unsent()).isZero();
	}

	@Test
	void rejectedRequestDoesNotTakeItsIdempotencyKey() {
		assertThatExceptionOfType(MessageRejectedException.class)
			.isThrownBy(() -> acceptAsOperator(List.of(request("+905551111111", "")), "key-1", "/messages"));

		MessageIntake.Accepted corrected = acceptAsOperator(List.of(request("+905551111111", "now with content")),
				"key-1", "/messages");

		assertThat(corrected.replayed()).isFalse();
		assertThat(unsent()).isEqualTo(1);
	}

	@Test
	void retryOfAnAcceptedRequestIsReplayedEvenAfterTheExpiryItNamedHasPassed() {
		MessageRequest expiring = new MessageRequest("+905551111111", "code 1234", null, null,
				NOW.plusSeconds(300).toString(), null);
		MessageIntake.Accepted first = acceptAsOperator(List.of(expiring), "key-1", "/messages");
		this.clock.advance(Duration.ofMinutes(6));

		MessageIntake.Accepted retry = acceptAsOperator(List.of(expiring), "key-1", "/messages");

		assertThat(retry.replayed()).isTrue();
		assertThat(retry.messages()).extracting(Message::id)
			.isEqualTo(first.messages().stream().map(Message::id).toList());
		assertThatExceptionOfType(MessageRejectedException.class)
			.as("a new request naming a past expiry is still refused")
			.isThrownBy(() -> acceptAsOperator(List.of(expiring), "key-2", "/messages"));
	}

	@Test
	void sameKeyWithTheSameRequestReplaysTheFirstAnswerWithoutStoringAgain() {
		List<MessageRequest> requests = List.of(request("+905551111111", "a"), request("+905552222222", "b"));
		MessageIntake.Accepted first = acceptAsOperator(requests, "key-1", BATCH);
		this.clock.advance(Duration.ofMinutes(1));

		MessageIntake.Accepted again = acceptAsOperator(
				List.of(request("+905551111111", "a"), request("+905552222222", "b")), "key-1", BATCH);

		assertThat(first.replayed()).isFalse();
		assertThat(again.replayed()).isTrue();
		assertThat(again.messages()).as("the same messages, in the same order").isEqualTo(first.messages());
		assertThat(unsent()).isEqualTo(2);
	}

	@Test
	void sameKeyWithADifferentRequestIsRefusedAndStoresNothing() {
		acceptAsOperator(List.of(request("+905551111111", "a")), "key-1", BATCH);

		assertThatExceptionOfType(IdempotencyKeyReusedException.class)
			.isThrownBy(() -> acceptAsOperator(List.of(request("+905551111111", "b")), "key-1", BATCH));
		assertThatExceptionOfType(IdempotencyKeyReusedException.class)
			.isThrownBy(() -> acceptAsOperator(List.of(request("+905552222222", "a")), "key-1", BATCH));
		assertThatExceptionOfType(IdempotencyKeyReusedException.class)
			.isThrownBy(() -> acceptAsOperator(List.of(request("+905551111111", "a"), request("+905551111111", "a")),
					"key-1", BATCH));
		assertThat(unsent()).isEqualTo(1);
	}

	@Test
	void sameKeyWithTheSameMessageOnTheOtherEndpointIsRefused() {
		List<MessageRequest> requests = List.of(request("+905551111111", "a"));
		acceptAsOperator(requests, "key-1", "/messages");

		assertThatExceptionOfType(IdempotencyKeyReusedException.class)
			.isThrownBy(() -> acceptAsOperator(requests, "key-1", BATCH));
	}

	@Test
	void requestsThatDifferOnlyInWhereOneMessageEndsAndTheNextBeginsAreDifferentRequests() {
		// a NUL is allowed in content, and a field boundary must not be mistaken for one
		acceptAsOperator(List.of(request("+905551111111", "a\u0000+905552222222\u0000b")), "key-1", BATCH);

		assertThatExceptionOfType(IdempotencyKeyReusedException.class)
			.isThrownBy(() -> acceptAsOperator(List.of(request("+905551111111", "a"), request("+905552222222", "b")),
					"key-1", BATCH));
		assertThat(unsent()).isEqualTo(1);
	}

	@Test
	void requestsThatDifferOnlyInAnUnpairedSurrogateAreDifferentRequests() {
		// UTF-8 has no form for an unpaired surrogate: encoding it must not make it a '?'
		acceptAsOperator(List.of(request("+905551111111", "a\uD800")), "key-1", BATCH);

		assertThatExceptionOfType(IdempotencyKeyReusedException.class)
			.isThrownBy(() -> acceptAsOperator(List.of(request("+905551111111", "a?")), "key-1", BATCH));
	}

	@Test
	void keyTakenForAnOrdinaryRequestKeepsItsFingerprintAcrossVersions() throws Exception {
		// the records outlive a deploy: SHA-256 of the endpoint, then a NUL before the
		// UTF-8 of each phone number and content
		MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
		for (String part : List.of(BATCH, "\u0000", "+905551111111", "\u0000", "ünïcödé 😀")) {
			sha256.update(part.getBytes(StandardCharsets.UTF_8));
		}
		Message stored = Message.accepted(new ObjectId().toHexString(), "+905551111111", "ünïcödé 😀", STORED_NOW);
		this.messages.insert(stored);
		this.mongo.getCollection("idempotency_keys")
			.insertOne(new Document("_id", "key-1").append("fingerprint", HexFormat.of().formatHex(sha256.digest()))
				.append("messageIds", List.of(stored.id()))
				.append("createdAt", new Date()));

		MessageIntake.Accepted replayed = acceptAsOperator(List.of(request("+905551111111", "ünïcödé 😀")), "key-1",
				BATCH);

		assertThat(replayed.replayed()).isTrue();
		assertThat(replayed.messages()).containsExactly(stored);
	}

	@Test
	void replayCompletesARequestThatTookTheKeyButBrokeOffBeforeStoringItsMessages() {
		List<MessageRequest> requests = List.of(request("+905551111111", "a"), request("+905552222222", "b"));
		doThrow(new MongoException("connection reset")).doCallRealMethod().when(this.messages).insertAll(any());
		assertThatExceptionOfType(MongoException.class).isThrownBy(() -> acceptAsOperator(requests, "key-1", BATCH));
		assertThat(unsent()).isZero();

		MessageIntake.Accepted retried = acceptAsOperator(requests, "key-1", BATCH);

		assertThat(retried.replayed()).isTrue();
		assertThat(retried.messages()).extracting(Message::content).containsExactly("a", "b");
		assertThat(unsent()).isEqualTo(2);
		assertThat(acceptAsOperator(requests, "key-1", BATCH).messages()).isEqualTo(retried.messages());
	}

	@Test
	void replayCompletesARequestThatStoredOnlySomeOfItsMessages() {
		List<MessageRequest> requests = List.of(request("+905551111111", "a"), request("+905552222222", "b"));
		MessageIntake.Accepted first = acceptAsOperator(requests, "key-1", BATCH);
		this.mongo.getCollection("messages").deleteOne(new Document("_id", new ObjectId(ids(first).get(1))));

		MessageIntake.Accepted retried = acceptAsOperator(requests, "key-1", BATCH);

		assertThat(ids(retried)).isEqualTo(ids(first));
		assertThat(unsent()).isEqualTo(2);
	}

	@Test
	void concurrentRequestsWithOneKeyStoreItsMessagesOnceAndAgreeOnTheirIds() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 10; round++) {
				String key = "key-" + round;
				List<MessageRequest> requests = List.of(request("+905551111111", "a" + round),
						request("+905552222222", "b" + round));
				CountDownLatch start = new CountDownLatch(1);
				Callable<List<String>> accept = () -> {
					start.await();
					return ids(acceptAsOperator(requests, key, BATCH));
				};
				Future<List<String>> one = threads.submit(accept);
				Future<List<String>> other = threads.submit(accept);

				start.countDown();

				assertThat(one.get(30, TimeUnit.SECONDS)).isEqualTo(other.get(30, TimeUnit.SECONDS));
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(unsent()).isEqualTo(20);
	}

	@Test
	void messagesRecordTheClientThatEnqueuedThem() {
		Message shops = this.intake.accept(List.of(request("+905551111111", "a")), "shop", null, "/messages")
			.messages()
			.get(0);
		Message operators = acceptAsOperator(List.of(request("+905551111111", "a")), null, "/messages").messages()
			.get(0);

		assertThat(this.messages.findById(shops.id())).get().extracting(Message::client).isEqualTo("shop");
		assertThat(this.messages.findById(operators.id())).get().extracting(Message::client).isNull();
	}

	@Test
	void anIdempotencyKeyIsEachClientsOwn() {
		List<MessageRequest> requests = List.of(request("+905551111111", "a"));
		MessageIntake.Accepted shops = this.intake.accept(requests, "shop", "key-1", "/messages");

		MessageIntake.Accepted crms = this.intake.accept(requests, "crm", "key-1", "/messages");
		MessageIntake.Accepted operators = acceptAsOperator(requests, "key-1", "/messages");
		MessageIntake.Accepted shopCrms = this.intake.accept(List.of(request("+905552222222", "b")), "shop.crm",
				"key-1", "/messages");

		assertThat(List.of(crms, operators, shopCrms)).as("no replay of the shop's request")
			.allSatisfy(accepted -> assertThat(accepted.replayed()).isFalse());
		assertThat(crms.messages()).extracting(Message::client).containsExactly("crm");
		assertThat(ids(crms)).doesNotContainAnyElementsOf(ids(shops));
		assertThat(ids(operators)).doesNotContainAnyElementsOf(ids(shops));
		MessageIntake.Accepted shopsAgain = this.intake.accept(requests, "shop", "key-1", "/messages");
		assertThat(shopsAgain.replayed()).isTrue();
		assertThat(ids(shopsAgain)).isEqualTo(ids(shops));
		assertThatExceptionOfType(IdempotencyKeyReusedException.class)
			.isThrownBy(() -> this.intake.accept(List.of(request("+905552222222", "b")), "shop", "key-1", "/messages"));
		assertThat(unsent()).isEqualTo(4);
	}

	/** A request of the operator (or the open API): no client. */
	private MessageIntake.Accepted acceptAsOperator(List<MessageRequest> requests, String idempotencyKey,
			String endpoint) {
		return this.intake.accept(requests, null, idempotencyKey, endpoint);
	}

	private static MessageRequest request(String phoneNumber, String content) {
		return new MessageRequest(phoneNumber, content);
	}

	private static List<String> ids(MessageIntake.Accepted accepted) {
		return new ArrayList<>(accepted.messages().stream().map(Message::id).toList());
	}

	private long unsent() {
		Map<MessageStatus, Long> counts = this.messages.countByStatus();
		return counts.get(MessageStatus.UNSENT);
	}

}
