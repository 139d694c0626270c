package io.messagedispatch.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.messagedispatch.delivery.UnmatchedReportCollection;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessageProperties;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;
import io.messagedispatch.message.mongo.IdempotencyKeyCollection;
import io.messagedispatch.message.mongo.MessageCollection;
import io.messagedispatch.message.mongo.MessageDocuments;
import io.messagedispatch.queue.DeliveryOutcome;
import io.messagedispatch.queue.ImportedMessages;
import io.messagedispatch.queue.MessageQueue;
import io.messagedispatch.settings.InvalidSettingException;
import io.messagedispatch.support.Claims;
import io.messagedispatch.support.InMemoryMongo;
import io.messagedispatch.support.MutableClock;
import io.messagedispatch.throughput.ThroughputCollection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.mongodb.core.MongoTemplate;

import static io.messagedispatch.message.MessageBuilder.aMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Retention on the embedded store (mongo-java-server, which never deletes by a TTL
 * index), driven by hand with the clock: the sweep deletes settled messages of every
 * status once their retention is over and nothing else, never a requeued one, nothing
 * when settled messages are kept forever, at most its batches a sweep, expired
 * idempotency keys and expired unmatched delivery reports.
 */
class RetentionTests {

	private static final Duration RETENTION = Duration.ofHours(1);

	private static final Duration KEY_RETENTION = Duration.ofHours(6);

	private static final Duration REPORT_RETENTION = Duration.ofHours(12);

	private static final Duration LEASE = Duration.ofMinutes(5);

	private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

	@RegisterExtension
	static final InMemoryMongo server = new InMemoryMongo();

	private final MutableClock clock = new MutableClock(START);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private MongoTemplate mongo;

	private MessageCollection collection;

	private IdempotencyKeyCollection keys;

	private UnmatchedReportCollection reports;

	private ThroughputCollection throughput;

	private Messages store;

	private MessageQueue queue;

	@BeforeEach
	void freshDatabase() {
		this.mongo = server.freshDatabase("retention");
		this.collection = new MessageCollection(this.mongo);
		this.keys = new IdempotencyKeyCollection(this.mongo,
				new MessageProperties(160, 1000, KEY_RETENTION, Duration.ofDays(35), null));
		this.reports = new UnmatchedReportCollection(this.mongo, REPORT_RETENTION);
		this.throughput = new ThroughputCollection(this.mongo);
		this.store = new Messages(this.collection, this.clock);
		this.queue = new MessageQueue(this.collection, this.clock);
	}

	@Test
	void settledMessagesOfEveryStatusAreDeletedOnceTheirRetentionIsOverAndOpenOnesAreKept() {
		RetentionSweep sweep = sweep(RETENTION, 1000, 100);
		Message sent = due("sent");
		Message failed = due("failed");
		Message expired = due("expired");
		Message sending = due("sending");
		Message cancelled = scheduled("cancelled");
		Message unsent = scheduled("unsent");
		this.store.insertAll(List.of(sent, failed, expired, sending, cancelled, unsent));
		assertThat(Claims.claim(this.queue, "runner", 4, LEASE)).hasSize(4);
		this.queue.record("runner",
				List.of(new DeliveryOutcome.Sent(sent.id(), 1, "provider-1", this.clock.instant()),
						new DeliveryOutcome.Failed(failed.id(), 1, "HTTP 400"),
						new DeliveryOutcome.Expired(expired.id(), 0, "expired before it could be sent")));
		assertThat(this.store.cancel(cancelled.id())).isTrue();

		this.clock.advance(RETENTION.minusMillis(1));
		assertThat(sweep.sweep()).get().extracting(RetentionSweep.Swept::messages).isEqualTo(0L);
		assertThat(raw().countDocuments()).isEqualTo(6);

		this.clock.advance(Duration.ofMillis(1));
		assertThat(sweep.sweep()).get().extracting(RetentionSweep.Swept::messages).isEqualTo(4L);

		assertThat(remainingIds()).containsExactlyInAnyOrder(sending.id(), unsent.id());
		assertThat(this.meters.get(RetentionSweep.DELETED).tag("collection", "messages").counter().count())
			.isEqualTo(4);
	}

	@Test
	void messagesSettledLaterAreKeptUntilTheirOwnRetentionIsOver() {
		RetentionSweep sweep = sweep(RETENTION, 1000, 100);
		Message older = settle(MessageStatus.FAILED);
		this.clock.advance(Duration.ofMinutes(30));
		Message younger = settle(MessageStatus.SENT);

		this.clock.advance(Duration.ofMinutes(30));
		sweep.sweep();
		assertThat(remainingIds()).containsExactly(younger.id());

		this.clock.advance(Duration.ofMinutes(30));
		sweep.sweep();
		assertThat(remainingIds()).isEmpty();
		assertThat(this.store.findById(older.id())).isEmpty();
	}

	@Test
	void aRequeuedMessageIsNeverDeleted() {
		RetentionSweep sweep = sweep(RETENTION, 1000, 100);
		Message message = settle(MessageStatus.FAILED);
		this.clock.advance(RETENTION.multipliedBy(2));

		assertThat(this.store.requeue(message.id())).isTrue();
		sweep.sweep();

		assertThat(this.store.findById(message.id())).get().satisfies(requeued -> {
			assertThat(requeued.status()).isEqualTo(MessageStatus.UNSENT);
			assertThat(requeued.settledAt()).isNull();
		});
	}

	@Test
	void zeroKeepsSettledMessagesForeverButStillForgetsIdempotencyKeys() {
		RetentionSweep sweep = sweep(Duration.ZERO, 1000, 100);
		settle(MessageStatus.SENT);
		settle(MessageStatus.FAILED);
		takeKey("key-1");

		this.clock.advance(Duration.ofDays(3650));

		assertThat(sweep.sweep()).contains(new RetentionSweep.Swept(0, 0, 1, 0, 0));
		assertThat(raw().countDocuments()).isEqualTo(2);
		assertThat(this.keys.documents().countDocuments()).isZero();
	}

	@Test
	void aSweepDeletesAtMostItsBatchesAndTheNextSweepGoesOn() {
		RetentionSweep sweep = sweep(RETENTION, 3, 2);
		for (int i = 0; i < 10; i++) {
			settle(MessageStatus.SENT);
		}
		this.clock.advance(RETENTION);

		assertThat(sweep.sweep()).get().extracting(RetentionSweep.Swept::messages).isEqualTo(6L);
		assertThat(raw().countDocuments()).isEqualTo(4);
		assertThat(sweep.sweep()).get().extracting(RetentionSweep.Swept::messages).isEqualTo(4L);
		assertThat(sweep.sweep()).get().extracting(RetentionSweep.Swept::messages).isEqualTo(0L);
	}

	@Test
	void idempotencyKeysAreForgottenOnceTheirRetentionIsOver() {
		RetentionSweep sweep = sweep(RETENTION, 1000, 100);
		takeKey("older");
		this.clock.advance(Duration.ofHours(1));
		takeKey("younger");

		this.clock.advance(KEY_RETENTION.minus(Duration.ofHours(1)).minusMillis(1));
		assertThat(sweep.sweep()).get().extracting(RetentionSweep.Swept::keys).isEqualTo(0L);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(sweep.sweep()).get().extracting(RetentionSweep.Swept::keys).isEqualTo(1L);

		assertThat(this.keys.documents().find().map(key -> key.get("_id")).into(new ArrayList<>()))
			.containsExactly("younger");
		assertThat(this.meters.get(RetentionSweep.DELETED).tag("collection", "idempotency_keys").counter().count())
			.isEqualTo(1);
	}

	@Test
	void unmatchedDeliveryReportsAreForgottenOnceTheirRetentionIsOverEvenWhenSettledMessagesAreKeptForever() {
		RetentionSweep sweep = sweep(Duration.ZERO, 1000, 100);
		keepReport("older");
		this.clock.advance(Duration.ofHours(1));
		keepReport("younger");

		this.clock.advance(REPORT_RETENTION.minus(Duration.ofHours(1)).minusMillis(1));
		assertThat(sweep.sweep()).get().extracting(RetentionSweep.Swept::reports).isEqualTo(0L);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(sweep.sweep()).contains(new RetentionSweep.Swept(0, 0, 0, 1, 0));

		assertThat(this.reports.documents().find().map(report -> report.get("_id")).into(new ArrayList<>()))
			.containsExactly("younger");
		assertThat(this.meters.get(RetentionSweep.DELETED)
			.tag("collection", "unmatched_delivery_reports")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void throughputMinutesAreDeletedOnceTheyBeganMoreThanADayAgo() {
		RetentionSweep sweep = sweep(Duration.ZERO, 1000, 100);
		Instant older = START.minus(Duration.ofMinutes(1));
		countMinute(older);
		countMinute(START);

		this.clock.advance(Duration.ofHours(24).minus(Duration.ofMinutes(1)).minusMillis(1));
		assertThat(sweep.sweep()).contains(new RetentionSweep.Swept(0, 0, 0, 0, 0));
		this.clock.advance(Duration.ofMillis(1));
		assertThat(sweep.sweep()).contains(new RetentionSweep.Swept(0, 0, 0, 0, 1));

		assertThat(this.throughput.documents().find().map(minute -> minute.get("_id")).into(new ArrayList<>()))
			.containsExactly(Date.from(START));
		assertThat(this.meters.get(RetentionSweep.DELETED).tag("collection", "throughput").counter().count())
			.isEqualTo(1);
	}

	@Test
	void settledMessagesWrittenWithoutASettledAtAreKeptTheWholeRetentionFromTheFirstSweep() {
		RetentionSweep sweep = sweep(RETENTION, 1000, 100);
		ObjectId missing = new ObjectId(Date.from(START.minus(Duration.ofDays(400))));
		ObjectId nullOne = new ObjectId(Date.from(START.minus(Duration.ofDays(400))));
		raw().insertOne(new Document("_id", missing).append("status", "sent").append("phoneNumber", "+905551111111"));
		raw().insertOne(new Document("_id", nullOne).append("status", "cancelled").append("settledAt", null));

		assertThat(sweep.sweep()).contains(new RetentionSweep.Swept(2, 0, 0, 0, 0));
		assertThat(raw().find(Filters.eq("_id", missing)).first().getDate("settledAt")).isEqualTo(Date.from(START));

		this.clock.advance(RETENTION.minusMillis(1));
		assertThat(sweep.sweep()).contains(new RetentionSweep.Swept(0, 0, 0, 0, 0));
		this.clock.advance(Duration.ofMillis(1));
		assertThat(sweep.sweep()).contains(new RetentionSweep.Swept(0, 2, 0, 0, 0));
		assertThat(raw().countDocuments()).isZero();
	}

	@Test
	void documentsAdoptedAsFailedSettleWhenTheyAreAdopted() {
		RetentionSweep sweep = sweep(RETENTION, 1000, 100);
		ObjectId id = new ObjectId();
		raw().insertOne(new Document("_id", id).append("status", "archived").append("phoneNumber", "+905551111111"));

		new ImportedMessages(this.collection, this.clock).adopt(100, this.clock.instant().plus(LEASE));

		assertThat(this.store.findById(id.toHexString())).get().satisfies(adopted -> {
			assertThat(adopted.status()).isEqualTo(MessageStatus.FAILED);
			assertThat(adopted.settledAt()).isEqualTo(START);
		});
		this.clock.advance(RETENTION);
		assertThat(sweep.sweep()).contains(new RetentionSweep.Swept(0, 1, 0, 0, 0));
	}

	@Test
	void oneInstanceNeverRunsTwoSweepsAtOnce() {
		List<Optional<RetentionSweep.Swept>> nested = new ArrayList<>();
		RetentionSweep[] sweep = new RetentionSweep[1];
		Clock reentering = new Clock() {

			@Override
			public Instant instant() {
				if (nested.isEmpty()) {
					nested.add(sweep[0].sweep());
				}
				return RetentionTests.this.clock.instant();
			}

			@Override
			public ZoneId getZone() {
				return RetentionTests.this.clock.getZone();
			}

			@Override
			public Clock withZone(ZoneId zone) {
				return this;
			}

		};
		sweep[0] = new RetentionSweep(this.collection, this.keys, this.reports, this.throughput,
				properties(RETENTION, 1000, 100), reentering, this.meters);

		assertThat(sweep[0].sweep()).isPresent();
		assertThat(nested).containsExactly(Optional.empty());
		assertThat(sweep[0].sweep()).as("free again once the sweep ended").isPresent();
	}

	@Test
	void theEmbeddedStoreIsSweptAndTheSettledTtlIndexFollowsTheSetting() {
		RetentionPolicy policy = new Retention(this.collection, this.keys, this.reports, this.throughput,
				properties(RETENTION, 1000, 100))
			.policy();

		assertThat(policy).isEqualTo(new RetentionPolicy(RETENTION, KEY_RETENTION, REPORT_RETENTION,
				Duration.ofHours(24), RetentionPolicy.Deleter.SWEEP, Duration.ofMinutes(1)));
		assertThat(settledExpiry()).contains(RETENTION.toSeconds());

		RetentionPolicy forever = new Retention(this.collection, this.keys, this.reports, this.throughput,
				properties(Duration.ZERO, 1000, 100))
			.policy();

		assertThat(forever.settled()).as("kept forever").isNull();
		assertThat(settledExpiry()).isEmpty();
	}

	@Test
	void aRetentionUnderOneSecondIsRefused() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> new Retention(this.collection, this.keys, this.reports, this.throughput,
					properties(Duration.ofMillis(500), 1000, 100)))
			.satisfies(ex -> assertThat(ex.setting()).isEqualTo("messaging.retention.settled"));
	}

	private void countMinute(Instant minute) {
		this.throughput.documents()
			.insertOne(new Document("_id", Date.from(minute)).append("minute", Date.from(minute)).append("sent", 1L));
	}

	private RetentionSweep sweep(Duration settled, int batchSize, int maxBatches) {
		return new RetentionSweep(this.collection, this.keys, this.reports, this.throughput,
				properties(settled, batchSize, maxBatches), this.clock, this.meters);
	}

	private static RetentionProperties properties(Duration settled, int batchSize, int maxBatches) {
		return new RetentionProperties(settled, Duration.ofMinutes(1), batchSize, maxBatches);
	}

	/** A message due now, to be claimed. */
	private Message due(String content) {
		return aMessage().content(content).createdAt(this.clock.instant().minusSeconds(60)).build();
	}

	/** A message due only tomorrow, which no claim takes. */
	private Message scheduled(String content) {
		return aMessage().content(content)
			.createdAt(this.clock.instant().minusSeconds(60))
			.sendAt(this.clock.instant().plus(Duration.ofDays(1)))
			.build();
	}

	/** A message settled now in {@code status}, the way the service settles it. */
	private Message settle(MessageStatus status) {
		Message message = status == MessageStatus.CANCELLED ? scheduled("to cancel") : due("to settle");
		this.store.insert(message);
		if (status == MessageStatus.CANCELLED) {
			assertThat(this.store.cancel(message.id())).isTrue();
			return message;
		}
		assertThat(Claims.claim(this.queue, "runner", 1, LEASE)).extracting(Message::id).containsExactly(message.id());
		DeliveryOutcome outcome = switch (status) {
			case SENT -> new DeliveryOutcome.Sent(message.id(), 1, "provider-1", this.clock.instant());
			case FAILED -> new DeliveryOutcome.Failed(message.id(), 1, "HTTP 400");
			case EXPIRED -> new DeliveryOutcome.Expired(message.id(), 0, "expired");
			default -> throw new IllegalArgumentException(status + " is not settled");
		};
		assertThat(this.queue.record("runner", List.of(outcome))).containsExactly(message.id());
		return message;
	}

	private void takeKey(String key) {
		this.keys.documents()
			.insertOne(new Document("_id", key).append("fingerprint", "f")
				.append("messageIds", List.of())
				.append("createdAt", Date.from(this.clock.instant())));
	}

	private void keepReport(String providerId) {
		this.reports.documents()
			.insertOne(new Document("_id", providerId).append("status", "delivered")
				.append("at", Date.from(this.clock.instant()))
				.append("receivedAt", Date.from(this.clock.instant())));
	}

	private List<String> remainingIds() {
		return raw().find().map(document -> ((ObjectId) document.get("_id")).toHexString()).into(new ArrayList<>());
	}

	private Optional<Long> settledExpiry() {
		return raw().listIndexes()
			.into(new ArrayList<>())
			.stream()
			.filter(index -> MessageCollection.SETTLED_EXPIRY_INDEX.equals(index.get("name")))
			.map(index -> ((Number) index.get("expireAfterSeconds")).longValue())
			.findFirst();
	}

	private MongoCollection<Document> raw() {
		return this.mongo.getCollection(MessageDocuments.COLLECTION);
	}

}
