package io.messagedispatch.queue;

import com.mongodb.client.model.Updates;
import static org.assertj.core.api.Assertions.tuple;
import io.messagedispatch.message.mongo.AttemptDocuments;
import io.messagedispatch.message.AttemptLog;
import io.messagedispatch.message.Attempt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.messagedispatch.message.CancelFilter;
import io.messagedispatch.message.Delivery;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessagePriority;
import io.messagedispatch.message.MessageSearch;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;
import io.messagedispatch.message.WaitingMessages;
import io.messagedispatch.message.mongo.Keyset;
import io.messagedispatch.message.mongo.MessageCollection;
import io.messagedispatch.message.mongo.MessageDocuments;
import io.messagedispatch.support.Claims;
import io.messagedispatch.support.MutableClock;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.MongoTemplate;

import static io.messagedispatch.message.MessageBuilder.aMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The behaviour the queue relies on from its store, run against every MongoDB the service
 * supports.
 */
abstract class MessageStoreContract {

	private static final Duration LEASE = Duration.ofMinutes(5);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

	private MongoTemplate mongo;

	private Messages store;

	private MessageQueue queue;

	private ImportedMessages imported;

	protected abstract MongoClient client();

	/**
	 * Whether the server answers an equality on several fields from a unique index only
	 * (mongo-java-server).
	 */
	protected abstract boolean needsKeyIndexes();

	@BeforeEach
	void freshDatabase() {
		this.mongo = new MongoTemplate(client(), "store-contract-" + UUID.randomUUID());
		MessageCollection collection = new MessageCollection(this.mongo);
		this.store = new Messages(collection, this.clock);
		this.queue = new MessageQueue(collection, this.clock);
		this.imported = new ImportedMessages(collection, this.clock);
	}

	@Test
	void claimsAndOutcomesFindTheirDocumentByKeyWhereTheServerNeedsAnIndexForIt() {
		List<String> indexes = raw().listIndexes().map(index -> index.getString("name")).into(new ArrayList<>());

		if (needsKeyIndexes()) {
			assertThat(indexes).contains("claim_key", "held_key");
		}
		else {
			assertThat(indexes).doesNotContain("claim_key", "held_key");
		}
	}

	@Test
	void settledMessagesExpireByATtlIndexThatFollowsTheRetentionFromOneStartToTheNext() {
		assertThat(new MessageCollection(this.mongo).expireSettledAfter(Duration.ofDays(30))).isTrue();
		assertThat(settledExpiry()).get().satisfies(index -> {
			assertThat(index.get("key", Document.class)).isEqualTo(new Document(MessageDocuments.SETTLED_AT, 1));
			assertThat(((Number) index.get("expireAfterSeconds")).longValue())
				.isEqualTo(Duration.ofDays(30).toSeconds());
		});

		assertThat(new MessageCollection(this.mongo).expireSettledAfter(Duration.ofHours(1))).isTrue();
		assertThat(settledExpiry()).get()
			.extracting(index -> ((Number) index.get("expireAfterSeconds")).longValue())
			.isEqualTo(3600L);
		assertThat(new MessageCollection(this.mongo).expireSettledAfter(Duration.ofHours(1))).isTrue();

		assertThat(new MessageCollection(this.mongo).expireSettledAfter(Duration.ZERO)).isFalse();
		assertThat(settledExpiry()).as("kept forever: no TTL index").isEmpty();
	}

	@Test
	void storedMessageReadsBackWithAllItsFields() {
		Message message = aMessage().content("ünïcödé 😀").build();
		this.store.insert(message);

		assertThat(this.store.findById(message.id())).contains(message);
	}

	@Test
	void sentMessageReadsBackWithWhatTheProviderReportedOfItsDeliveryAndAForeignDeliveryReadsAsNone() {
		Instant now = this.clock.instant();
		Message reported = aMessage().sent("provider-1", now)
			.delivery(new Delivery("undelivered", now.plusSeconds(3), "absent-subscriber"))
			.build();
		Message foreign = aMessage().sent("provider-2", now).build();
		this.store.insertAll(List.of(reported, foreign));
		raw().updateOne(Filters.eq("_id", new ObjectId(foreign.id())), Updates.set("delivery", "delivered"));

		assertThat(this.store.findById(reported.id())).contains(reported);
		assertThat(this.store.findById(foreign.id())).get().extracting(Message::delivery).isNull();
	}

	@Test
	void scheduledUrgentMessageOfAClientReadsBackWithItsLifecycleFields() {
		Instant now = this.clock.instant();
		Message message = aMessage().createdAt(now)
			.sendAt(now.plusSeconds(60))
			.expiresAt(now.plusSeconds(600))
			.priority(MessagePriority.HIGH)
			.client("shop")
			.build();
		this.store.insert(message);

		assertThat(this.store.findById(message.id())).contains(message);
		assertThat(message.nextAttemptAt()).isEqualTo(now.plusSeconds(60));
	}

	@Test
	void claimTakesHigherPriorityFirstThenTheOldest() {
		Instant start = this.clock.instant();
		Message oldNormal = aMessage().content("old normal").createdAt(start.minusSeconds(30)).build();
		Message newHigh = aMessage().content("new high")
			.createdAt(start.minusSeconds(10))
			.priority(MessagePriority.HIGH)
			.build();
		Message oldLow = aMessage().content("old low")
			.createdAt(start.minusSeconds(40))
			.priority(MessagePriority.LOW)
			.build();
		Message scheduledHigh = aMessage().content("scheduled high")
			.createdAt(start.minusSeconds(50))
			.sendAt(start.plusSeconds(60))
			.priority(MessagePriority.HIGH)
			.build();
		this.store.insertAll(List.of(oldNormal, newHigh, oldLow, scheduledHigh));

		assertThat(claim("runner-1", 10, LEASE)).extracting(Message::content)
			.containsExactly("new high", "old normal", "old low");
	}

	@Test
	void claimQueryIsAnsweredFromTheIndexInItsOrderWithoutASortOrAScan() {
		assumeFalse(needsKeyIndexes(), "mongo-java-server has no query planner to ask");
		Instant now = this.clock.instant();
		for (int i = 0; i < 20; i++) {
			this.store.insert(aMessage().createdAt(now.minusSeconds(i))
				.priority(MessagePriority.values()[i % 3])
				.sendAt(i % 2 == 0 ? null : now.plusSeconds(60))
				.build());
		}

		Document plan = raw()
			.find(Filters.and(Filters.eq(MessageDocuments.STATUS, MessageStatus.UNSENT.value()),
					Filters.lte(MessageDocuments.NEXT_ATTEMPT_AT, Date.from(now))))
			.sort(Sorts.ascending(MessageDocuments.PRIORITY, MessageDocuments.CREATED_AT, MessageDocuments.ID))
			.explain();

		String winningPlan = plan.get("queryPlanner", Document.class).get("winningPlan", Document.class).toJson();
		assertThat(winningPlan).contains("IXSCAN", "status_priority_created_due")
			.doesNotContain("COLLSCAN")
			.doesNotContain("\"SORT\"");
	}

	@Test
	void unsentMessagesPastTheirExpiryAreSettledAsExpiredAndNoOtherIs() {
		Instant now = this.clock.instant();
		Message expired = aMessage().expiresAt(now).build();
		Message valid = aMessage().expiresAt(now.plusMillis(1)).build();
		Message forever = aMessage().build();
		Message sending = aMessage().expiresAt(now.minusSeconds(1)).claimedBy("runner", now.plus(LEASE)).build();
		this.store.insertAll(List.of(expired, valid, forever, sending));

		assertThat(this.queue.expireDue()).isEqualTo(1);

		assertThat(this.store.findById(expired.id())).get().satisfies(message -> {
			assertThat(message.status()).isEqualTo(MessageStatus.EXPIRED);
			assertThat(message.lastError()).isEqualTo("expired before it could be sent");
			assertThat(message.settledAt()).isEqualTo(now);
		});
		assertThat(List.of(valid, forever, sending))
			.allSatisfy(message -> assertThat(this.store.findById(message.id()).orElseThrow().status())
				.isEqualTo(message.status()));
	}

	@Test
	void onlyAnUnsentMessageCanBeCancelled() {
		Instant now = this.clock.instant();
		Message waiting = aMessage().sendAt(now.plusSeconds(600)).build();
		Message sending = aMessage().claimedBy("runner", now.plus(LEASE)).build();
		Message sent = aMessage().sent("provider-1", now).build();
		this.store.insertAll(List.of(waiting, sending, sent));

		assertThat(this.store.cancel(waiting.id())).isTrue();
		assertThat(this.store.cancel(waiting.id())).isFalse();
		assertThat(this.store.cancel(sending.id())).isFalse();
		assertThat(this.store.cancel(sent.id())).isFalse();

		assertThat(this.store.findById(waiting.id())).get().satisfies(message -> {
			assertThat(message.status()).isEqualTo(MessageStatus.CANCELLED);
			assertThat(message.settledAt()).isEqualTo(now);
		});
		assertThat(claim("runner-2", 10, LEASE)).isEmpty();
	}

	@Test
	void bulkCancelTakesOnlyUnsentMessagesMatchingEveryCriterion() {
		Instant now = this.clock.instant();
		Message match = aMessage().phoneNumber("+905551111111").createdAt(now.minusSeconds(20)).build();
		Message tooNew = aMessage().phoneNumber("+905551111111").createdAt(now).build();
		Message otherNumber = aMessage().phoneNumber("+905552222222").createdAt(now.minusSeconds(20)).build();
		Message alreadySent = aMessage().phoneNumber("+905551111111")
			.createdAt(now.minusSeconds(20))
			.sent("provider-1", now)
			.build();
		this.store.insertAll(List.of(match, tooNew, otherNumber, alreadySent));

		assertThat(this.store.cancelAll(new CancelFilter("+905551111111", now.minusSeconds(10), now.minusSeconds(30))))
			.isEqualTo(1);

		assertThat(this.store.findById(match.id()).orElseThrow().status()).isEqualTo(MessageStatus.CANCELLED);
		assertThat(List.of(tooNew, otherNumber, alreadySent))
			.allSatisfy(message -> assertThat(this.store.findById(message.id()).orElseThrow().status())
				.isEqualTo(message.status()));
	}

	@Test
	void settledOutcomesCarryWhenTheySettledAndARequeueClearsIt() {
		Message sent = aMessage().content("sent").build();
		Message failed = aMessage().content("failed").build();
		Message retried = aMessage().content("retried").build();
		this.store.insertAll(List.of(sent, failed, retried));
		claim("runner-1", 3, LEASE);
		Instant now = this.clock.instant();

		this.queue.record("runner-1",
				List.of(new DeliveryOutcome.Sent(sent.id(), 1, "provider-1", now),
						new DeliveryOutcome.Failed(failed.id(), 1, "HTTP 400"),
						new DeliveryOutcome.RetryLater(retried.id(), 1, "HTTP 503", now.plusSeconds(5))));

		assertThat(this.store.findById(sent.id()).orElseThrow().settledAt()).isEqualTo(now);
		assertThat(this.store.findById(failed.id()).orElseThrow().settledAt()).isEqualTo(now);
		assertThat(this.store.findById(retried.id()).orElseThrow().settledAt()).isNull();
		assertThat(this.store.requeue(failed.id())).isTrue();
		assertThat(this.store.findById(failed.id()).orElseThrow().settledAt()).isNull();
	}

	@Test
	void attemptLogGrowsWithEveryRecordedOutcomeAndKeepsItsNumbersAcrossARequeue() {
		Message message = aMessage().build();
		this.store.insert(message);
		Instant now = this.clock.instant();
		claim("runner-1", 1, LEASE);
		this.queue.record("runner-1",
				List.of(new DeliveryOutcome.RetryLater(message.id(), 2, "HTTP 503", now.plusSeconds(5),
						List.of(entry(now, Attempt.Outcome.RETRY, 503), entry(now, Attempt.Outcome.RETRY, 503)))));
		this.clock.advance(Duration.ofSeconds(5));
		claim("runner-2", 1, LEASE);
		this.queue.record("runner-2", List.of(new DeliveryOutcome.Sent(message.id(), 1, "provider-1",
				this.clock.instant(), List.of(entry(this.clock.instant(), Attempt.Outcome.SENT, 202)))));

		AttemptLog log = this.store.findAttemptLog(message.id()).orElseThrow();

		assertThat(log.written()).isEqualTo(3);
		assertThat(log.firstNumber()).isEqualTo(1);
		assertThat(log.kept()).extracting(Attempt::outcome, Attempt::httpStatus)
			.containsExactly(tuple(Attempt.Outcome.RETRY, 503), tuple(Attempt.Outcome.RETRY, 503),
					tuple(Attempt.Outcome.SENT, 202));
		assertThat(log.kept().get(2)).isEqualTo(entry(this.clock.instant(), Attempt.Outcome.SENT, 202));
		assertThat(this.store.findById(message.id()).orElseThrow().attempts()).isEqualTo(3);
	}

	@Test
	void attemptLogKeepsTheLastEntriesAndNumbersThemFromTheFirstEverWritten() {
		Message message = aMessage().build();
		this.store.insert(message);
		int rounds = Attempt.KEPT_PER_MESSAGE / 10 + 2;
		for (int round = 0; round < rounds; round++) {
			claim("runner", 1, LEASE);
			List<Attempt> posts = new ArrayList<>();
			for (int post = 0; post < 10; post++) {
				posts.add(entry(this.clock.instant(), Attempt.Outcome.RETRY, 500 + round));
			}
			this.queue.record("runner",
					List.of(new DeliveryOutcome.RetryLater(message.id(), 10, "HTTP 5xx", this.clock.instant(), posts)));
		}

		AttemptLog log = this.store.findAttemptLog(message.id()).orElseThrow();

		assertThat(log.kept()).hasSize(Attempt.KEPT_PER_MESSAGE);
		assertThat(log.written()).isEqualTo(rounds * 10L);
		assertThat(log.firstNumber()).isEqualTo(rounds * 10L - Attempt.KEPT_PER_MESSAGE + 1);
		assertThat(log.kept().get(Attempt.KEPT_PER_MESSAGE - 1).httpStatus()).isEqualTo(500 + rounds - 1);
	}

	@Test
	void messageNeverSentHasAnEmptyLogAndAMissingOneNone() {
		Message message = aMessage().client("shop").build();
		this.store.insert(message);

		assertThat(this.store.findAttemptLog(message.id())).get().satisfies(log -> {
			assertThat(log.kept()).isEmpty();
			assertThat(log.written()).isZero();
			assertThat(log.client()).isEqualTo("shop");
		});
		assertThat(this.store.findAttemptLog(new ObjectId().toHexString())).isEmpty();
	}

	@Test
	void attemptLogEntriesOtherToolsBrokeKeepTheirPlaceAndBreakNothing() {
		Message message = aMessage().build();
		this.store.insert(message);
		raw().updateOne(Filters.eq("_id", new ObjectId(message.id())),
				Updates.set(AttemptDocuments.LOG,
						List.of("not an entry",
								new Document("outcome", "exploded").append("httpStatus", "five hundred"),
								new Document("outcome", "sent").append("httpStatus", 202))));

		AttemptLog log = this.store.findAttemptLog(message.id()).orElseThrow();

		assertThat(log.written()).isEqualTo(3);
		assertThat(log.kept()).extracting(Attempt::outcome, Attempt::httpStatus)
			.containsExactly(tuple(null, null), tuple(null, null), tuple(Attempt.Outcome.SENT, 202));
		assertThat(this.store.findById(message.id())).isPresent();
	}

	@Test
	void outcomeOfAMessageWhoseLogAnotherToolBrokeIsStillRecorded() {
		Message brokenLog = aMessage().content("broken log").build();
		Message brokenCount = aMessage().content("broken count").build();
		this.store.insertAll(List.of(brokenLog, brokenCount));
		raw().updateOne(Filters.eq("_id", new ObjectId(brokenLog.id())), Updates.set(AttemptDocuments.LOG, "text"));
		raw().updateOne(Filters.eq("_id", new ObjectId(brokenCount.id())),
				Updates.set(AttemptDocuments.WRITTEN, "many"));
		claim("runner-1", 2, LEASE);
		Instant now = this.clock.instant();

		Set<String> recorded = this.queue.record("runner-1",
				List.of(new DeliveryOutcome.Sent(brokenLog.id(), 1, "provider-1", now,
						List.of(entry(now, Attempt.Outcome.SENT, 202))),
						new DeliveryOutcome.Sent(brokenCount.id(), 1, "provider-2", now,
								List.of(entry(now, Attempt.Outcome.SENT, 202)))));

		assertThat(recorded).containsExactlyInAnyOrder(brokenLog.id(), brokenCount.id());
		assertThat(this.store.findById(brokenLog.id()).orElseThrow().status()).isEqualTo(MessageStatus.SENT);
		assertThat(this.store.findById(brokenLog.id()).orElseThrow().webhookMessageId())
			.as("delivery reports find it by the provider's id")
			.isEqualTo("provider-1");
		assertThat(this.store.findById(brokenCount.id()).orElseThrow().status()).isEqualTo(MessageStatus.SENT);
	}

	private static Attempt entry(Instant at, Attempt.Outcome outcome, int status) {
		return new Attempt(at, "instance-a", "run-1", outcome, status, status >= 300 ? "HTTP " + status : null, 7,
				"answer " + status);
	}

	@Test
	void insertingTheSameIdsAgainKeepsTheFirstAndStoresTheRest() {
		Message first = aMessage().content("first").build();
		this.store.insert(first);
		Message second = aMessage().build();

		this.store.insertAll(List.of(aMessage().id(first.id()).content("again").build(), second));

		assertThat(this.store.findById(first.id())).get().extracting(Message::content).isEqualTo("first");
		assertThat(this.store.findById(second.id())).isPresent();
	}

	@Test
	void creatingTheIndexesAgainOnRestartIsHarmless() {
		this.store.insert(aMessage().build());

		Messages restarted = new Messages(new MessageCollection(this.mongo), this.clock);

		assertThat(restarted.countByStatus()).containsEntry(MessageStatus.UNSENT, 1L);
	}

	@Test
	void documentWrittenByAnotherToolIsAdoptedWithDefaultsAndThenClaimed() {
		ObjectId id = new ObjectId(Date.from(Instant.parse("2026-02-01T00:00:00Z")));
		raw().insertOne(new Document("_id", id).append("phoneNumber", "+905551111111")
			.append("content", "hi")
			.append("status", "unsent"));
		raw().insertOne(new Document("_id", new ObjectId(Date.from(Instant.parse("2026-02-02T00:00:00Z"))))
			.append("phoneNumber", "+905552222222")
			.append("content", "no status"));

		assertThat(this.imported.adopt(100, this.clock.instant().plus(Duration.ofDays(1)))).isEqualTo(2);
		assertThat(this.imported.adopt(100, this.clock.instant().plus(Duration.ofDays(1)))).isZero();

		Message adopted = this.store.findById(id.toHexString()).orElseThrow();
		assertThat(adopted.status()).isEqualTo(MessageStatus.UNSENT);
		assertThat(adopted.attempts()).isZero();
		assertThat(adopted.createdAt()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
		assertThat(adopted.nextAttemptAt()).isEqualTo(adopted.createdAt());
		assertThat(claim("runner", 10, LEASE)).extracting(Message::content).containsExactly("hi", "no status");
	}

	@Test
	void messagesOfAnEarlierVersionOrAnotherToolGetAPriorityRankAndAreClaimedInItsOrder() {
		Instant created = this.clock.instant().minusSeconds(60);
		raw().insertOne(new Document("_id", "earlier-version").append("phoneNumber", "+905551111111")
			.append("content", "no priority")
			.append("status", "unsent")
			.append("attempts", 0)
			.append("createdAt", Date.from(created))
			.append("nextAttemptAt", Date.from(created)));
		raw().insertOne(new Document("_id", "named").append("phoneNumber", "+905551111111")
			.append("content", "named high")
			.append("status", "unsent")
			.append("createdAt", Date.from(created.plusSeconds(1)))
			.append("priority", "HIGH"));
		raw().insertOne(new Document("_id", "odd").append("phoneNumber", "+905551111111")
			.append("content", "odd rank")
			.append("status", "unsent")
			.append("createdAt", Date.from(created.minusSeconds(1)))
			.append("priority", 7));

		assertThat(this.imported.adopt(100, this.clock.instant().plus(Duration.ofDays(1)))).isEqualTo(3);

		assertThat(raw().find(new Document("_id", "named")).first().get("priority")).isEqualTo(0);
		assertThat(raw().find(new Document("_id", "earlier-version")).first().get("priority")).isEqualTo(1);
		assertThat(claim("runner", 10, LEASE)).extracting(Message::content)
			.containsExactly("named high", "odd rank", "no priority");
	}

	@Test
	void documentWithAStatusThatIsNoneOfOursIsFailedWithTheReason() {
		ObjectId id = new ObjectId();
		raw().insertOne(new Document("_id", id).append("phoneNumber", "+905551111111")
			.append("content", "hi")
			.append("status", "archived"));

		this.imported.adopt(100, this.clock.instant().plus(Duration.ofDays(1)));

		Message adopted = this.store.findById(id.toHexString()).orElseThrow();
		assertThat(adopted.status()).isEqualTo(MessageStatus.FAILED);
		assertThat(adopted.lastError()).contains("archived");
	}

	@Test
	void documentWithWrongTypesIsReadWithoutFailing() {
		ObjectId id = new ObjectId();
		raw().insertOne(new Document("_id", id).append("phoneNumber", 905551111111L)
			.append("content", List.of("x"))
			.append("attempts", "three")
			.append("createdAt", "yesterday"));

		Message read = this.store.findById(id.toHexString()).orElseThrow();

		assertThat(read.phoneNumber()).as("never sent as text: adoption fails it with the reason").isNull();
		assertThat(read.content()).isNull();
		assertThat(read.attempts()).isZero();
		assertThat(read.createdAt()).isEqualTo(id.getDate().toInstant());
	}

	@Test
	void claimTakesTheOldestDueMessagesUpToTheLimit() {
		Instant start = this.clock.instant();
		Message newest = aMessage().content("newest").createdAt(start.minusSeconds(10)).build();
		Message oldest = aMessage().content("oldest").createdAt(start.minusSeconds(30)).build();
		Message middle = aMessage().content("middle").createdAt(start.minusSeconds(20)).build();
		this.store.insertAll(List.of(newest, oldest, middle));

		List<Message> claimed = claim("runner-1", 2, LEASE);

		assertThat(claimed).extracting(Message::content).containsExactly("oldest", "middle");
		assertThat(claimed).allSatisfy(message -> {
			assertThat(message.status()).isEqualTo(MessageStatus.SENDING);
			assertThat(message.owner()).isEqualTo("runner-1");
			assertThat(message.leaseUntil()).isEqualTo(start.plus(LEASE));
		});
		assertThat(claim("runner-2", 2, LEASE)).extracting(Message::content).containsExactly("newest");
		assertThat(claim("runner-3", 2, LEASE)).isEmpty();
	}

	@Test
	void claimSkipsMessagesThatAreNotDueYet() {
		Message message = aMessage().createdAt(this.clock.instant()).build();
		this.store.insert(message);
		claim("runner-1", 1, LEASE);
		this.queue.record("runner-1",
				List.of(new DeliveryOutcome.RetryLater(message.id(), 1, "503", this.clock.instant().plusSeconds(30))));

		assertThat(claim("runner-2", 1, LEASE)).isEmpty();
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(claim("runner-2", 1, LEASE)).extracting(Message::id).containsExactly(message.id());
	}

	@Test
	void concurrentClaimsNeverHoldTheSameMessage() throws Exception {
		List<Message> queued = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			queued.add(aMessage().createdAt(this.clock.instant().minusSeconds(1000 - i)).build());
		}
		this.store.insertAll(queued);
		int runners = 4;
		ExecutorService pool = Executors.newFixedThreadPool(runners);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<List<String>>> claims = new ArrayList<>();
			for (int r = 0; r < runners; r++) {
				String owner = "runner-" + r;
				Callable<List<String>> claimAll = () -> {
					start.await();
					List<String> ids = new ArrayList<>();
					List<Message> batch;
					while (!(batch = claim(owner, 7, LEASE)).isEmpty()) {
						batch.forEach(message -> ids.add(message.id()));
					}
					return ids;
				};
				claims.add(pool.submit(claimAll));
			}
			start.countDown();
			Set<String> distinct = new HashSet<>();
			int total = 0;
			for (Future<List<String>> claim : claims) {
				List<String> ids = claim.get(60, TimeUnit.SECONDS);
				total += ids.size();
				distinct.addAll(ids);
			}
			assertThat(total).isEqualTo(200);
			assertThat(distinct).hasSize(200);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void outcomesAreRecordedOnlyWhileTheClaimIsHeld() {
		Message sent = aMessage().build();
		Message retried = aMessage().build();
		Message failed = aMessage().build();
		Message stolen = aMessage().build();
		this.store.insertAll(List.of(sent, retried, failed, stolen));
		claim("runner-1", 4, LEASE);
		raw().updateOne(new Document("_id", new ObjectId(stolen.id())),
				new Document("$set", new Document("owner", "runner-2")));
		Instant sentAt = this.clock.instant();
		Instant retryAt = sentAt.plusSeconds(60);

		Set<String> recorded = this.queue.record("runner-1",
				List.of(new DeliveryOutcome.Sent(sent.id(), 1, "provider-1", sentAt),
						new DeliveryOutcome.RetryLater(retried.id(), 3, "HTTP 503", retryAt),
						new DeliveryOutcome.Failed(failed.id(), 1, "HTTP 400: bad number"),
						new DeliveryOutcome.Sent(stolen.id(), 1, "provider-2", sentAt)));

		assertThat(recorded).containsExactly(sent.id(), retried.id(), failed.id());
		assertThat(this.store.findById(sent.id())).get().satisfies(message -> {
			assertThat(message.status()).isEqualTo(MessageStatus.SENT);
			assertThat(message.webhookMessageId()).isEqualTo("provider-1");
			assertThat(message.sentAt()).isEqualTo(sentAt);
			assertThat(message.attempts()).isEqualTo(1);
			assertThat(message.leaseUntil()).isNull();
		});
		assertThat(this.store.findById(retried.id())).get().satisfies(message -> {
			assertThat(message.status()).isEqualTo(MessageStatus.UNSENT);
			assertThat(message.nextAttemptAt()).isEqualTo(retryAt);
			assertThat(message.attempts()).isEqualTo(3);
			assertThat(message.lastError()).isEqualTo("HTTP 503");
		});
		assertThat(this.store.findById(failed.id())).get().satisfies(message -> {
			assertThat(message.status()).isEqualTo(MessageStatus.FAILED);
			assertThat(message.lastError()).isEqualTo("HTTP 400: bad number");
		});
		assertThat(this.store.findById(stolen.id())).get().extracting(Message::status).isEqualTo(MessageStatus.SENDING);
	}

	@Test
	void expiredClaimsGoBackToTheQueueAndLiveOnesStay() {
		Message message = aMessage().build();
		this.store.insert(message);
		claim("dead-runner", 1, LEASE);

		this.clock.advance(LEASE.minusSeconds(1));
		assertThat(this.queue.releaseExpiredClaims(Duration.ZERO)).isZero();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.queue.releaseExpiredClaims(Duration.ZERO)).isEqualTo(1);

		assertThat(claim("new-runner", 1, LEASE)).extracting(Message::id).containsExactly(message.id());
		assertThat(this.queue.record("dead-runner",
				List.of(new DeliveryOutcome.Sent(message.id(), 1, "late", this.clock.instant()))))
			.isEmpty();
	}

	@Test
	void releasingARunsClaimsPutsThemBackDueAtOnce() {
		this.store.insertAll(List.of(aMessage().build(), aMessage().build()));
		claim("stopping-runner", 2, LEASE);

		assertThat(this.queue.releaseClaims("stopping-runner", Set.of())).isEqualTo(2);

		assertThat(this.store.countByStatus()).containsEntry(MessageStatus.UNSENT, 2L)
			.containsEntry(MessageStatus.SENDING, 0L);
	}

	@Test
	void unsentMessagesAreCountedAsDueOrScheduledWithWhenTheOldestDueOneWasCreated() {
		Instant now = this.clock.instant();
		Message oldestDue = aMessage().createdAt(now.minus(Duration.ofMinutes(5))).build();
		Message due = aMessage().createdAt(now.minusSeconds(30)).build();
		Message dueThisVeryMoment = aMessage().createdAt(now.minus(Duration.ofMinutes(1))).sendAt(now).build();
		Message scheduled = aMessage().createdAt(now.minus(Duration.ofMinutes(10))).sendAt(now.plusSeconds(1)).build();
		Message sent = aMessage().createdAt(now.minus(Duration.ofHours(1))).sent("p-1", now).build();
		this.store.insertAll(List.of(due, scheduled, oldestDue, sent, dueThisVeryMoment));

		assertThat(this.store.waiting(Duration.ofSeconds(5)))
			.isEqualTo(new WaitingMessages(3, 1, now.minus(Duration.ofMinutes(5))));

		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.store.waiting(Duration.ofSeconds(5))).extracting(WaitingMessages::due).isEqualTo(4L);
	}

	@Test
	void noUnsentMessageLeavesNothingWaiting() {
		this.store.insert(aMessage().sent("p-1", this.clock.instant()).build());

		assertThat(this.store.waiting(Duration.ofSeconds(5))).isEqualTo(new WaitingMessages(0, 0, null));
	}

	@Test
	void sentMessagesAreListedNewestFirst() {
		List<Message> messages = List.of(aMessage().build(), aMessage().build(), aMessage().build(),
				aMessage().build());
		this.store.insertAll(messages);
		claim("runner", 4, LEASE);
		Instant base = this.clock.instant();
		this.queue.record("runner",
				List.of(new DeliveryOutcome.Sent(messages.get(0).id(), 1, "a", base.plusSeconds(1)),
						new DeliveryOutcome.Sent(messages.get(1).id(), 1, "b", base.plusSeconds(3)),
						new DeliveryOutcome.Sent(messages.get(2).id(), 1, "c", base.plusSeconds(2)),
						new DeliveryOutcome.Failed(messages.get(3).id(), 1, "x")));

		assertThat(this.store.findSent(2, null).messages()).extracting(Message::webhookMessageId)
			.containsExactly("b", "c");
		assertThat(
				this.store.search(new MessageSearch(MessageStatus.FAILED, null, null, null, null), 10, null).messages())
			.extracting(Message::id)
			.containsExactly(messages.get(3).id());
		Map<MessageStatus, Long> counts = this.store.countByStatus();
		assertThat(counts).containsEntry(MessageStatus.SENT, 3L).containsEntry(MessageStatus.FAILED, 1L);
	}

	@Test
	void aClientsReadsTakeOnlyTheMessagesItEnqueuedOnAnIndex() {
		Instant base = this.clock.instant();
		Message shopsOlder = aMessage().client("shop").sent("s1", base.plusSeconds(1)).createdAt(base).build();
		Message shopsNewer = aMessage().client("shop")
			.sent("s2", base.plusSeconds(3))
			.createdAt(base.plusSeconds(1))
			.build();
		Message shopsUnsent = aMessage().client("shop").createdAt(base.plusSeconds(2)).build();
		this.store.insertAll(List.of(shopsOlder, shopsNewer, shopsUnsent,
				aMessage().client("crm").sent("c1", base.plusSeconds(4)).createdAt(base).build(),
				aMessage().client("shop.crm").sent("c2", base.plusSeconds(5)).createdAt(base).build(),
				aMessage().sent("o1", base.plusSeconds(6)).createdAt(base).build(), aMessage().build()));

		assertThat(this.store.findSentFor("shop", 10, null).messages()).extracting(Message::webhookMessageId)
			.containsExactly("s2", "s1");
		assertThat(this.store.findSentFor("shop", 1, null).messages()).extracting(Message::webhookMessageId)
			.containsExactly("s2");
		assertThat(
				this.store.search(new MessageSearch(MessageStatus.SENT, null, "shop", null, null), 10, null).messages())
			.extracting(Message::id)
			.containsExactly(shopsNewer.id(), shopsOlder.id());
		assertThat(this.store.search(new MessageSearch(MessageStatus.UNSENT, null, "shop", null, null), 10, null)
			.messages()).containsExactly(shopsUnsent);
		assertThat(this.store.findSentFor("nobody", 10, null).messages()).isEmpty();
		assertThat(this.store.findSent(10, null).messages()).hasSize(5);
		if (!needsKeyIndexes()) {
			// MongoDB answers both from the client's indexes, with no sort in memory
			assertThat(winningPlan(
					Filters.and(Filters.eq(MessageDocuments.CLIENT, "shop"),
							Filters.eq(MessageDocuments.STATUS, "sent"), Keyset.dated(MessageDocuments.SENT_AT)),
					Sorts.descending(MessageDocuments.SENT_AT, MessageDocuments.ID)))
				.contains("client_status_sent_id")
				.doesNotContain("\"SORT\"");
			assertThat(winningPlan(
					Filters.and(Filters.eq(MessageDocuments.CLIENT, "shop"),
							Filters.eq(MessageDocuments.STATUS, "unsent"), Keyset.dated(MessageDocuments.CREATED_AT)),
					Sorts.descending(MessageDocuments.CREATED_AT, MessageDocuments.ID)))
				.contains("client_status_created")
				.doesNotContain("\"SORT\"");
		}
	}

	@Test
	void aStreamClaimsInBatchesOldestFirstAndQueriesAgainWhenItRunsOut() {
		List<Message> first = queueOldestFirst(5);
		try (ClaimStream claims = this.queue.openClaims("runner", LEASE, 2)) {
			assertThat(claims.next(2)).extracting(Message::id).containsExactly(first.get(0).id(), first.get(1).id());
			Message arrived = aMessage().createdAt(this.clock.instant()).build();
			this.store.insert(arrived);

			assertThat(claims.next(2)).extracting(Message::id).containsExactly(first.get(2).id(), first.get(3).id());
			assertThat(claims.next(2)).extracting(Message::id).containsExactly(first.get(4).id());
			assertThat(claims.next(2)).extracting(Message::id).containsExactly(arrived.id());
			assertThat(claims.next(2)).isEmpty();
		}
		assertThat(this.store.countByStatus()).containsEntry(MessageStatus.SENDING, 6L);
	}

	@Test
	void aStreamQueriesAgainAfterAWhileSoARetryThatBecameDueGoesBeforeNewerMessages() {
		List<Message> queued = queueOldestFirst(4);
		try (ClaimStream claims = this.queue.openClaims("runner", LEASE, 10)) {
			Message retried = claims.next(1).get(0);
			this.queue.record("runner", List
				.of(new DeliveryOutcome.RetryLater(retried.id(), 1, "HTTP 503", this.clock.instant().plusSeconds(5))));
			assertThat(claims.next(1)).extracting(Message::id).containsExactly(queued.get(1).id());

			this.clock.advance(ClaimStream.REQUERY_AFTER);

			assertThat(claims.next(2)).extracting(Message::id).containsExactly(retried.id(), queued.get(2).id());
		}
	}

	@Test
	void aStreamNeverClaimsWhatAnotherRunnerTookAfterItWasRead() {
		List<Message> queued = queueOldestFirst(6);
		try (ClaimStream late = this.queue.openClaims("late-runner", LEASE, 10);
				ClaimStream quick = this.queue.openClaims("quick-runner", LEASE, 10)) {
			assertThat(late.next(1)).extracting(Message::id).containsExactly(queued.get(0).id());
			assertThat(quick.next(2)).extracting(Message::id).containsExactly(queued.get(1).id(), queued.get(2).id());

			List<Message> rest = late.next(10);

			assertThat(rest).extracting(Message::id)
				.containsExactly(queued.get(3).id(), queued.get(4).id(), queued.get(5).id());
			assertThat(rest).allSatisfy(message -> assertThat(message.owner()).isEqualTo("late-runner"));
			assertThat(late.next(10)).isEmpty();
		}
		assertThat(this.store.findById(queued.get(1).id())).get().extracting(Message::owner).isEqualTo("quick-runner");
	}

	@Test
	void aStreamClaimsAMessageThatChangedSinceItWasReadOnlyAsItIsNow() {
		List<Message> queued = queueOldestFirst(2);
		try (ClaimStream stale = this.queue.openClaims("stale-runner", LEASE, 10)) {
			stale.next(1);
			claim("other-runner", 1, LEASE);
			this.queue.record("other-runner", List.of(new DeliveryOutcome.RetryLater(queued.get(1).id(), 1, "HTTP 503",
					this.clock.instant().plusSeconds(5))));
			this.clock.advance(Duration.ofSeconds(5));

			assertThat(stale.next(1)).singleElement().satisfies(message -> {
				assertThat(message.id()).isEqualTo(queued.get(1).id());
				assertThat(message.attempts()).isEqualTo(1);
				assertThat(message.lastError()).isEqualTo("HTTP 503");
				assertThat(message.owner()).isEqualTo("stale-runner");
			});
		}
	}

	private List<Message> queueOldestFirst(int count) {
		List<Message> queued = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			queued
				.add(aMessage().content("message " + i).createdAt(this.clock.instant().minusSeconds(100 - i)).build());
		}
		this.store.insertAll(queued);
		return queued;
	}

	private List<Message> claim(String owner, int max, Duration lease) {
		return Claims.claim(this.queue, owner, max, lease);
	}

	private String winningPlan(Bson filter, Bson sort) {
		Document explained = raw().find(filter).sort(sort).limit(10).explain();
		return explained.get("queryPlanner", Document.class).get("winningPlan", Document.class).toJson();
	}

	private Optional<Document> settledExpiry() {
		return raw().listIndexes()
			.into(new ArrayList<>())
			.stream()
			.filter(index -> MessageCollection.SETTLED_EXPIRY_INDEX.equals(index.getString("name")))
			.findFirst();
	}

	private MongoCollection<Document> raw() {
		return this.mongo.getCollection(MessageDocuments.COLLECTION);
	}

}
