package io.messagedispatch.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessageIds;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;
import io.messagedispatch.message.mongo.MessageCollection;
import io.messagedispatch.message.mongo.MessageDocuments;
import io.messagedispatch.support.Claims;
import io.messagedispatch.support.MutableClock;
import org.bson.BsonBinarySubType;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the queue does with documents that other tools write into {@code messages},
 * whatever their shape: every id is claimed, recorded and found again by its original
 * value, and every odd field is normalised or failed with the reason, so that none stays
 * unsent or sending forever. Run against every MongoDB the service supports.
 */
abstract class ForeignDocumentsContract {

	private static final Duration LEASE = Duration.ofMinutes(5);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

	private MongoTemplate mongo;

	private Messages store;

	private MessageQueue queue;

	private ImportedMessages imported;

	protected abstract MongoClient client();

	@BeforeEach
	void freshDatabase() {
		this.mongo = new MongoTemplate(client(), "foreign-documents-" + UUID.randomUUID());
		MessageCollection collection = new MessageCollection(this.mongo);
		this.store = new Messages(collection, this.clock);
		this.queue = new MessageQueue(collection, this.clock);
		this.imported = new ImportedMessages(collection, this.clock);
	}

	@Test
	void idsOfAnyTypeAreClaimedRecordedAndFoundAgainByTheirOriginalValue() {
		Map<String, Object> ids = new LinkedHashMap<>();
		ids.put("object id", new ObjectId());
		ids.put("string", "kampanya-şubat-1");
		ids.put("24-hex string", "0123456789abcdef01234567");
		ids.put("string with a tilde", "~s:tricky");
		ids.put("empty string", "");
		ids.put("int", 42);
		ids.put("long", 1L << 40);
		ids.put("double", 42.5);
		ids.put("decimal", Decimal128.parse("42.25"));
		ids.put("uuid", new Binary(BsonBinarySubType.UUID_STANDARD, new byte[16]));
		ids.put("date", new Date(0));
		ids.put("document", new Document("tenant", "a").append("n", 1));
		int i = 0;
		for (Object id : ids.values()) {
			raw().insertOne(new Document("_id", id).append("phoneNumber", "+90555000000" + i)
				.append("content", "imported " + i)
				.append("status", "unsent")
				.append("createdAt", Date.from(this.clock.instant().minusSeconds(100 - i++))));
		}

		adopt();
		List<Message> claimed = Claims.claim(this.queue, "runner", 100, LEASE);

		assertThat(claimed).hasSize(ids.size());
		assertThat(claimed).extracting(Message::id).doesNotHaveDuplicates();
		Instant sentAt = this.clock.instant();
		List<DeliveryOutcome> outcomes = claimed.stream()
			.<DeliveryOutcome>map(message -> new DeliveryOutcome.Sent(message.id(), 1, "p-" + message.id(), sentAt))
			.toList();
		assertThat(this.queue.record("runner", outcomes)).hasSize(ids.size());
		for (Message message : claimed) {
			Object stored = MessageIds.toStored(message.id());
			assertThat(raw().find(new Document("_id", stored)).first()).as(message.id())
				.isNotNull()
				.extracting(document -> document.get("status"))
				.isEqualTo("sent");
			assertThat(this.store.findById(message.id())).as(message.id()).get().satisfies(found -> {
				assertThat(found.status()).isEqualTo(MessageStatus.SENT);
				assertThat(found.webhookMessageId()).isEqualTo("p-" + message.id());
			});
			assertThat(MessageIds.idempotencyKey(message.id())).matches("[\\x21-\\x7E]{1,200}");
		}
		assertThat(this.store.findSent(100, null).messages()).hasSize(ids.size());
	}

	@Test
	void fieldsOfTheWrongTypeAreNormalisedOrFailedWithTheReason() {
		Date created = Date.from(this.clock.instant().minusSeconds(60));
		insert("attempts as a string", base(created).append("attempts", "3"));
		insert("attempts as garbage", base(created).append("attempts", "many"));
		insert("due time null", base(created).append("nextAttemptAt", null));
		insert("due time a string", base(created).append("nextAttemptAt", "tomorrow"));
		insert("due time an ISO string", base(created).append("nextAttemptAt", "2026-03-01T09:00:00Z"));
		insert("created a string", base(null).append("createdAt", "last week"));
		insert("status in capitals", base(created).append("status", "UNSENT"));
		insert("sending without a lease", base(created).append("status", "sending").append("owner", "ghost"));
		insert("sending with a lease but no owner",
				base(created).append("status", "sending").append("leaseUntil", Date.from(this.clock.instant())));
		insert("phone number a number", base(created).append("phoneNumber", 905551111111L));
		insert("content an object", base(created).append("content", new Document("text", "hi")));
		insert("status a number", base(created).append("status", 1));
		insert("status unknown", base(created).append("status", "archived"));
		insert("sent in another case", base(created).append("status", "Sent"));

		int adopted = adopt();

		assertThat(adopted).isEqualTo(14);
		assertThat(adopt()).as("adopting is done once").isZero();
		assertThat(status("attempts as a string")).isEqualTo("unsent");
		assertThat(field("attempts as a string", "attempts")).isEqualTo(3);
		assertThat(field("attempts as garbage", "attempts")).isEqualTo(0);
		assertThat(field("due time null", "nextAttemptAt")).isEqualTo(created);
		assertThat(field("due time a string", "nextAttemptAt")).isEqualTo(created);
		assertThat(field("due time an ISO string", "nextAttemptAt"))
			.isEqualTo(Date.from(Instant.parse("2026-03-01T09:00:00Z")));
		assertThat(field("created a string", "createdAt")).isInstanceOf(Date.class);
		assertThat(status("status in capitals")).isEqualTo("unsent");
		assertThat(status("sending without a lease")).isEqualTo("unsent");
		assertThat(field("sending without a lease", "owner")).isNull();
		assertThat(status("sending with a lease but no owner")).isEqualTo("unsent");
		assertThat(status("sent in another case")).isEqualTo("sent");
		assertThat(status("phone number a number")).isEqualTo("failed");
		assertThat(field("phone number a number", "lastError")).asString().contains("phoneNumber is a number");
		assertThat(status("content an object")).isEqualTo("failed");
		assertThat(field("content an object", "lastError")).asString().contains("content is an object");
		assertThat(status("status a number")).isEqualTo("failed");
		assertThat(field("status a number", "lastError")).asString().contains("unrecognised stored status");
		assertThat(status("status unknown")).isEqualTo("failed");
		assertThat(field("status unknown", "lastError")).asString().contains("'archived'");

		adopt();
		List<Message> claimed = Claims.claim(this.queue, "runner", 100, LEASE);
		assertThat(claimed).extracting(Message::id)
			.containsExactlyInAnyOrder("attempts as a string", "attempts as garbage", "due time null",
					"due time a string", "due time an ISO string", "created a string", "status in capitals",
					"sending without a lease", "sending with a lease but no owner");
		assertThat(this.store.countByStatus()).containsEntry(MessageStatus.UNSENT, 0L);
	}

	@Test
	void adoptionSettlesWhatItFailsOrFindsSettledAndTakesASettledAtOffOpenMessages() {
		Date created = Date.from(this.clock.instant().minusSeconds(60));
		Date longAgo = Date.from(this.clock.instant().minus(Duration.ofDays(400)));
		insert("unsent with a settledAt",
				base(created).append("attempts", 0).append("nextAttemptAt", created).append("settledAt", longAgo));
		insert("live claim with a settledAt",
				base(created).append("attempts", 0)
					.append("nextAttemptAt", created)
					.append("status", "sending")
					.append("owner", "live-runner")
					.append("leaseUntil", Date.from(this.clock.instant().plus(LEASE)))
					.append("settledAt", longAgo));
		insert("sent in another case", base(created).append("status", "Sent"));
		insert("failed in another case when it settled",
				base(created).append("status", "FAILED").append("settledAt", longAgo));
		insert("status unknown", base(created).append("status", "archived").append("settledAt", "never"));

		assertThat(adopt()).isEqualTo(5);
		assertThat(adopt()).as("adopting is done once").isZero();

		Date now = Date.from(this.clock.instant());
		assertThat(status("unsent with a settledAt")).isEqualTo("unsent");
		assertThat(raw().find(new Document("_id", "unsent with a settledAt")).first()).doesNotContainKey("settledAt");
		assertThat(status("live claim with a settledAt")).isEqualTo("sending");
		assertThat(field("live claim with a settledAt", "owner")).isEqualTo("live-runner");
		assertThat(raw().find(new Document("_id", "live claim with a settledAt")).first())
			.doesNotContainKey("settledAt");
		assertThat(status("sent in another case")).isEqualTo("sent");
		assertThat(field("sent in another case", "settledAt")).isEqualTo(now);
		assertThat(status("failed in another case when it settled")).isEqualTo("failed");
		assertThat(field("failed in another case when it settled", "settledAt")).isEqualTo(longAgo);
		assertThat(status("status unknown")).isEqualTo("failed");
		assertThat(field("status unknown", "settledAt")).isEqualTo(now);
	}

	@Test
	void aCompleteDocumentWithOneBadFieldIsStillFound() {
		Date created = Date.from(this.clock.instant().minusSeconds(60));
		Map<String, Object> bad = new LinkedHashMap<>();
		bad.put("phoneNumber", 905551111111L);
		bad.put("content", List.of("hi"));
		bad.put("attempts", -1);
		bad.put("createdAt", "yesterday");
		for (Map.Entry<String, Object> field : bad.entrySet()) {
			insert("bad " + field.getKey(),
					base(created).append("attempts", 0)
						.append("nextAttemptAt", created)
						.append(field.getKey(), field.getValue()));
		}
		insert("attempts NaN", base(created).append("nextAttemptAt", created).append("attempts", Double.NaN));
		insert("attempts beyond an int", base(created).append("nextAttemptAt", created).append("attempts", 1L << 40));
		insert("phone in an array",
				base(created).append("nextAttemptAt", created)
					.append("attempts", 0)
					.append("phoneNumber", List.of("+905551111111")));
		insert("lease a century away",
				base(created).append("nextAttemptAt", created)
					.append("attempts", 0)
					.append("status", "sending")
					.append("owner", "nobody")
					.append("leaseUntil", Date.from(this.clock.instant().plus(Duration.ofDays(36_500)))));

		assertThat(adopt()).isEqualTo(8);

		assertThat(status("bad phoneNumber")).isEqualTo("failed");
		assertThat(status("bad content")).isEqualTo("failed");
		assertThat(field("bad content", "lastError")).asString().contains("content is an array");
		assertThat(field("bad attempts", "attempts")).isEqualTo(0);
		assertThat(field("bad createdAt", "createdAt")).isInstanceOf(Date.class);
		assertThat(field("attempts NaN", "attempts")).isEqualTo(0);
		assertThat(field("attempts beyond an int", "attempts")).isEqualTo(Integer.MAX_VALUE);
		assertThat(status("phone in an array")).isEqualTo("failed");
		assertThat(status("lease a century away")).isEqualTo("unsent");
	}

	@Test
	void aLiveClaimWithAFieldItCannotSendIsLeftToItsRunnerWhichReadsTheFieldAsMissing() {
		insert("claimed",
				base(Date.from(this.clock.instant())).append("status", "sending")
					.append("content", new Document("text", "hi"))
					.append("owner", "live-runner")
					.append("leaseUntil", Date.from(this.clock.instant().plus(LEASE))));

		assertThat(adopt()).isZero();

		assertThat(status("claimed")).isEqualTo("sending");
		assertThat(this.store.findById("claimed")).get().extracting(Message::content).isNull();
	}

	@Test
	void aLiveClaimIsLeftToItsRunner() {
		insert("claimed",
				base(Date.from(this.clock.instant())).append("status", "sending")
					.append("owner", "live-runner")
					.append("leaseUntil", Date.from(this.clock.instant().plus(LEASE))));

		adopt();

		assertThat(status("claimed")).isEqualTo("sending");
		assertThat(field("claimed", "owner")).isEqualTo("live-runner");
		assertThat(field("claimed", "leaseUntil")).isEqualTo(Date.from(this.clock.instant().plus(LEASE)));
		assertThat(Claims.claim(this.queue, "other-runner", 10, LEASE)).isEmpty();
	}

	@Test
	void countingToleratesStatusesThatAreNoneOfOurs() {
		insert("a number", base(null).append("status", 7));
		insert("an object", base(null).append("status", new Document("x", 1)));
		insert("ours", base(Date.from(this.clock.instant())));

		assertThat(this.store.countByStatus()).containsEntry(MessageStatus.UNSENT, 1L);
	}

	@Test
	void anOutcomeTheDatabaseRefusesIsSettledOnItsOwnAndTheOthersAreRecorded() {
		// a rule another tool added to the collection: one provider message id per
		// message
		raw().createIndex(Indexes.ascending("webhookMessageId"),
				new IndexOptions().unique(true).sparse(true).name("one_provider_id"));
		for (int i = 0; i < 3; i++) {
			insert("m" + i, base(Date.from(this.clock.instant().minusSeconds(10 - i))).append("attempts", 0)
				.append("nextAttemptAt", Date.from(this.clock.instant().minusSeconds(10))));
		}
		adopt();
		Claims.claim(this.queue, "runner", 3, LEASE);
		Instant sentAt = this.clock.instant();

		Set<String> recorded = this.queue.record("runner", List.of(new DeliveryOutcome.Sent("m0", 1, "same-id", sentAt),
				new DeliveryOutcome.Sent("m1", 1, "same-id", sentAt), new DeliveryOutcome.Failed("m2", 1, "HTTP 400")));

		assertThat(recorded).containsExactlyInAnyOrder("m0", "m1", "m2");
		assertThat(status("m0")).isEqualTo("sent");
		assertThat(status("m1")).isEqualTo("sent");
		assertThat(field("m1", "lastError")).asString().contains("the database refused it");
		assertThat(status("m2")).isEqualTo("failed");
	}

	@Test
	void releasingARunsClaimsLeavesThoseStillBeingSent() {
		for (int i = 0; i < 3; i++) {
			insert("m" + i, base(Date.from(this.clock.instant().minusSeconds(10 - i))));
		}
		adopt();
		Claims.claim(this.queue, "runner", 3, LEASE);

		assertThat(this.queue.releaseClaims("runner", Set.of("m1"))).isEqualTo(2);

		assertThat(status("m0")).isEqualTo("unsent");
		assertThat(status("m1")).isEqualTo("sending");
		assertThat(status("m2")).isEqualTo("unsent");
	}

	@Test
	void anExpiredClaimIsTakenBackOnlyOnceTheClockSkewAllowanceHasPassedToo() {
		insert("m", base(Date.from(this.clock.instant())));
		adopt();
		Claims.claim(this.queue, "runner", 1, LEASE);
		Duration skew = Duration.ofSeconds(30);

		this.clock.advance(LEASE.plus(skew).minusMillis(1));
		assertThat(this.queue.releaseExpiredClaims(skew)).isZero();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.queue.releaseExpiredClaims(skew)).isEqualTo(1);
	}

	private int adopt() {
		return this.imported.adopt(100, this.clock.instant().plus(LEASE).plus(Duration.ofDays(1)));
	}

	private Document base(Date createdAt) {
		Document document = new Document("phoneNumber", "+905551111111").append("content", "imported")
			.append("status", "unsent");
		if (createdAt != null) {
			document.append("createdAt", createdAt);
		}
		return document;
	}

	private void insert(String id, Document document) {
		raw().insertOne(new Document("_id", id).append("phoneNumber", document.get("phoneNumber"))
			.append("content", document.get("content"))
			.append("status", document.get("status")));
		Document rest = new Document(document);
		rest.remove("phoneNumber");
		rest.remove("content");
		rest.remove("status");
		List<String> fields = new ArrayList<>(rest.keySet());
		for (String field : fields) {
			raw().updateOne(new Document("_id", id), new Document("$set", new Document(field, rest.get(field))));
		}
	}

	private Object status(String id) {
		return field(id, "status");
	}

	private Object field(String id, String field) {
		Document document = raw().find(new Document("_id", id)).first();
		assertThat(document).as(id).isNotNull();
		return document.get(field);
	}

	private MongoCollection<Document> raw() {
		return this.mongo.getCollection(MessageDocuments.COLLECTION);
	}

}
