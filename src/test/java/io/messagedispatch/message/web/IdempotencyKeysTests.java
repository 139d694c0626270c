package io.messagedispatch.message.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.messagedispatch.message.MessageProperties;
import io.messagedispatch.message.mongo.IdempotencyKeyCollection;
import io.messagedispatch.support.InMemoryMongo;
import io.messagedispatch.support.MutableClock;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Taking an {@code Idempotency-Key}: the first use inserts its record, every later use
 * gets that record back unchanged, and records expire after the retention. Against the
 * embedded mongo-java-server, so that the duplicate-key error is a real one.
 */
class IdempotencyKeysTests {

	private static final Instant NOW = Instant.parse("2026-05-01T12:00:00.123456Z");

	@RegisterExtension
	static final InMemoryMongo server = new InMemoryMongo();

	private final MutableClock clock = new MutableClock(NOW);

	private final MessageProperties properties = new MessageProperties(160, 1000, Duration.ofHours(6),
			Duration.ofDays(35), null);

	private MongoTemplate mongo;

	private IdempotencyKeys keys;

	@BeforeEach
	void freshDatabase() {
		this.mongo = server.freshDatabase("idempotency");
		this.keys = new IdempotencyKeys(new IdempotencyKeyCollection(this.mongo, this.properties), this.clock);
	}

	@Test
	void firstUseTakesTheKeyAndRemembersTheRequestAndItsMessages() {
		assertThat(this.keys.take(null, "key-1", "fingerprint-1", List.of("m1", "m2"))).isEmpty();

		Document record = raw().find(Filters.eq("_id", "key-1")).first();
		assertThat(record).isNotNull();
		assertThat(record.getString("fingerprint")).isEqualTo("fingerprint-1");
		assertThat(record.getList("messageIds", String.class)).containsExactly("m1", "m2");
		assertThat(record.getDate("createdAt")).isEqualTo(Date.from(Instant.parse("2026-05-01T12:00:00.123Z")));
	}

	@Test
	void laterUseGetsTheFirstUseBackAndChangesNothing() {
		this.keys.take(null, "key-1", "fingerprint-1", List.of("m1", "m2"));
		this.clock.advance(Duration.ofMinutes(5));

		assertThat(this.keys.take(null, "key-1", "fingerprint-2", List.of("m3")))
			.contains(new IdempotencyKeys.KeyUse("fingerprint-1", List.of("m1", "m2")));
		assertThat(this.keys.take(null, "key-1", "fingerprint-1", List.of("m4")))
			.contains(new IdempotencyKeys.KeyUse("fingerprint-1", List.of("m1", "m2")));
		assertThat(raw().countDocuments()).isEqualTo(1);
		assertThat(raw().find().first().getDate("createdAt"))
			.isEqualTo(Date.from(Instant.parse("2026-05-01T12:00:00.123Z")));
	}

	@Test
	void keysAreIndependentOfEachOther() {
		this.keys.take(null, "key-1", "fingerprint-1", List.of("m1"));

		assertThat(this.keys.take(null, "key-2", "fingerprint-1", List.of("m2"))).isEmpty();
		assertThat(this.keys.take(null, "KEY-1", "fingerprint-1", List.of("m3"))).as("keys are case-sensitive")
			.isEmpty();
	}

	@Test
	void recordsExpireAfterTheRetention() {
		assertThat(expiry().get("key", Document.class)).isEqualTo(new Document("createdAt", 1));
		assertThat(expireAfterSeconds()).isEqualTo(Duration.ofHours(6).toSeconds());
	}

	@Test
	void restartingWithAnotherRetentionMovesTheExpiry() {
		this.keys.take(null, "key-1", "fingerprint-1", List.of("m1"));

		new IdempotencyKeyCollection(this.mongo,
				new MessageProperties(160, 1000, Duration.ofMinutes(30), Duration.ofDays(35), null));

		assertThat(expireAfterSeconds()).isEqualTo(Duration.ofMinutes(30).toSeconds());
		assertThat(raw().countDocuments()).as("the keys taken stay").isEqualTo(1);
	}

	@Test
	void restartingKeepsTheKeysTaken() {
		this.keys.take(null, "key-1", "fingerprint-1", List.of("m1"));

		IdempotencyKeys restarted = new IdempotencyKeys(new IdempotencyKeyCollection(this.mongo, this.properties),
				this.clock);

		assertThat(restarted.take(null, "key-1", "fingerprint-1", List.of("m9")))
			.contains(new IdempotencyKeys.KeyUse("fingerprint-1", List.of("m1")));
	}

	private Document expiry() {
		return raw().listIndexes()
			.into(new ArrayList<>())
			.stream()
			.filter(index -> "expiry".equals(index.getString("name")))
			.findFirst()
			.orElseThrow();
	}

	private long expireAfterSeconds() {
		return ((Number) expiry().get("expireAfterSeconds")).longValue();
	}

	private MongoCollection<Document> raw() {
		return this.mongo.getCollection("idempotency_keys");
	}

}
