package io.messagedispatch.store.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded store's ordered indexes change how a query reads, never what it returns:
 * the same documents, written and rewritten the same way, give the same answers to the
 * same queries as mongo-java-server's plain memory backend, which scans and sorts.
 */
class OrderedIndexQueriesTests {

	private static final List<String> STATUSES = List.of("unsent", "sending", "sent", "failed");

	private static final List<String> PHONES = List.of("+905551110001", "+905551110002", "+905551110003");

	private final List<MongoServer> servers = new ArrayList<>();

	private final List<MongoClient> clients = new ArrayList<>();

	@TempDir
	Path dataDir;

	@AfterEach
	void stop() {
		this.clients.forEach(MongoClient::close);
		this.servers.forEach(MongoServer::shutdown);
	}

	@Test
	void memoryBackendAnswersEveryQueryAsThePlainBackendDoes() {
		assertSameAnswers(collection(new IndexedMemoryBackend()), collection(new MemoryBackend()), 11L, true);
	}

	@Test
	void memoryBackendCountsFromItsIndexesAsThePlainBackendCounts() {
		assertSameAnswers(collection(new IndexedMemoryBackend()), collection(new MemoryBackend()), 13L, false);
	}

	@Test
	void h2BackendCountsFromItsIndexesAsThePlainBackendCounts() {
		assertSameAnswers(collection(new IndexedH2Backend(this.dataDir.resolve("counts.mv").toString())),
				collection(new MemoryBackend()), 29L, false);
	}

	@Test
	void h2BackendAnswersEveryQueryAsThePlainBackendDoes() {
		assertSameAnswers(collection(new IndexedH2Backend(this.dataDir.resolve("mongo.mv").toString())),
				collection(new MemoryBackend()), 23L, true);
	}

	@Test
	void h2BackendRebuildsItsIndexesWhenItOpensItsFileAgain() {
		String file = this.dataDir.resolve("again.mv").toString();
		MongoServer first = new MongoServer(new IndexedH2Backend(file));
		try (MongoClient client = MongoClients.create(first.bindAndGetConnectionString())) {
			MongoCollection<Document> messages = client.getDatabase("test").getCollection("messages");
			createIndexes(messages);
			for (int i = 0; i < 50; i++) {
				messages
					.insertOne(new Document("_id", i).append("status", "sent").append("sentAt", new Date(i * 1000L)));
			}
		}
		first.shutdown();

		MongoCollection<Document> reopened = collection(new IndexedH2Backend(file));
		List<Object> newest = reopened.find(Filters.eq("status", "sent"))
			.sort(Sorts.descending("sentAt", "_id"))
			.limit(3)
			.map((document) -> document.get("_id"))
			.into(new ArrayList<>());

		assertThat(newest).containsExactly(49, 48, 47);
	}

	/**
	 * With {@code arrays}, some indexed fields hold arrays, which the indexes keep apart;
	 * without, every count per value comes from an index (the server groups an array with
	 * an element it holds, under whichever it met first, so with arrays the two backends
	 * may name a group differently).
	 */
	private void assertSameAnswers(MongoCollection<Document> indexed, MongoCollection<Document> plain, long seed,
			boolean arrays) {
		createIndexes(indexed);
		createIndexes(plain);
		Random random = new Random(seed);
		for (int i = 0; i < 1500; i++) {
			Document document = randomDocument(random, i, arrays);
			indexed.insertOne(document);
			plain.insertOne(document);
		}
		for (int i = 0; i < 600; i++) {
			Bson which = Filters.eq("_id", idOf(random.nextInt(1500)));
			Bson change = randomChange(random, arrays);
			indexed.updateOne(which, change);
			plain.updateOne(which, change);
		}
		for (int i = 0; i < 100; i++) {
			Bson which = Filters.eq("_id", idOf(random.nextInt(1500)));
			indexed.deleteOne(which);
			plain.deleteOne(which);
		}
		for (int i = 0; i < 300; i++) {
			Bson filter = randomFilter(random);
			Bson sort = random.nextBoolean() ? Sorts.descending("createdAt", "_id") : Sorts.descending("sentAt", "_id");
			int limit = 1 + random.nextInt(40);
			assertThat(read(indexed, filter, sort, limit)).as("%s sorted by %s", filter, sort)
				.isEqualTo(read(plain, filter, sort, limit));
			assertThat(indexed.countDocuments(filter)).isEqualTo(plain.countDocuments(filter));
		}
		for (int i = 0; i < 200; i++) {
			Bson filter = randomEqualities(random);
			assertThat(indexed.countDocuments(filter)).as("count of %s", filter)
				.isEqualTo(plain.countDocuments(filter));
			Bson ranged = randomRangeOnIndexedFields(random);
			assertThat(indexed.countDocuments(ranged)).as("count of %s", ranged)
				.isEqualTo(plain.countDocuments(ranged));
		}
		for (String field : arrays ? List.<String>of() : List.of("status", "phoneNumber", "client", "createdAt")) {
			assertThat(countsPerValue(indexed, field)).as("counts per %s", field)
				.containsExactlyInAnyOrderElementsOf(countsPerValue(plain, field));
		}
		Bson everyFailed = Filters.eq("status", "failed");
		indexed.updateMany(everyFailed, Updates.set("status", "unsent"));
		plain.updateMany(everyFailed, Updates.set("status", "unsent"));
		assertThat(read(indexed, Filters.eq("status", "unsent"), Sorts.ascending("createdAt", "_id"), 0))
			.isEqualTo(read(plain, Filters.eq("status", "unsent"), Sorts.ascending("createdAt", "_id"), 0));
	}

	private static List<Document> countsPerValue(MongoCollection<Document> collection, String field) {
		return collection.aggregate(List.of(Aggregates.group("$" + field, Accumulators.sum("n", 1))))
			.into(new ArrayList<>());
	}

	private static List<Object> read(MongoCollection<Document> collection, Bson filter, Bson sort, int limit) {
		return collection.find(filter)
			.sort(sort)
			.limit(limit)
			.map((document) -> document.get("_id"))
			.into(new ArrayList<>());
	}

	private MongoCollection<Document> collection(MongoBackend backend) {
		MongoServer server = new MongoServer(backend);
		this.servers.add(server);
		MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
		this.clients.add(client);
		return client.getDatabase("test").getCollection("messages");
	}

	private static void createIndexes(MongoCollection<Document> messages) {
		messages.createIndex(Indexes.ascending("createdAt", "_id"), new IndexOptions().name("created"));
		messages.createIndex(Indexes.ascending("phoneNumber", "createdAt", "_id"), new IndexOptions().name("phone"));
		messages.createIndex(Indexes.ascending("status", "sentAt", "_id"), new IndexOptions().name("status_sent"));
		messages.createIndex(Indexes.ascending("client", "status", "sentAt", "_id"),
				new IndexOptions().name("client_status_sent"));
		messages.createIndex(Indexes.compoundIndex(Indexes.ascending("status"), Indexes.descending("createdAt"),
				Indexes.descending("_id")), new IndexOptions().name("status_created_desc"));
	}

	/**
	 * Ids of several types, as other tools write them; a few equal in value across types.
	 */
	private static Object idOf(int i) {
		return switch (i % 5) {
			case 0 -> "m-" + i;
			case 1 -> i;
			case 2 -> new ObjectId(new Date(1_700_000_000_000L + i * 1000L), i);
			case 3 -> (long) i;
			default -> i + 0.5;
		};
	}

	private static Document randomDocument(Random random, int i, boolean arrays) {
		Document document = new Document("_id", idOf(i));
		document.append("status", pick(random, STATUSES));
		if (random.nextInt(10) > 0) {
			document.append("phoneNumber", pick(random, PHONES));
		}
		if (random.nextBoolean()) {
			document.append("client", random.nextBoolean() ? "shop" : "bank");
		}
		document.append("createdAt", randomTime(random, arrays));
		if (random.nextInt(3) == 0) {
			document.append("sentAt", randomTime(random, arrays));
		}
		return document;
	}

	/**
	 * Mostly dates, a few within one millisecond, some missing, null, strings or arrays.
	 */
	private static Object randomTime(Random random, boolean arrays) {
		int kind = random.nextInt(20);
		return switch ((kind == 2 && !arrays) ? 5 : kind) {
			case 0 -> null;
			case 1 -> "yesterday";
			case 2 -> List.of(new Date(1_000L * random.nextInt(50)), new Date(1_000L * random.nextInt(50)));
			case 3 -> 42;
			default -> new Date(1_000L * random.nextInt(50));
		};
	}

	private static Bson randomChange(Random random, boolean arrays) {
		int change = random.nextInt(8);
		if (!arrays && (change == 3 || change == 6)) {
			change = 0;
		}
		return switch (change) {
			case 0 -> Updates.set("status", pick(random, STATUSES));
			case 1 -> Updates.combine(Updates.set("status", "sent"), Updates.set("sentAt", randomTime(random, arrays)));
			case 2 -> Updates.unset("sentAt");
			case 3 -> Updates.set("phoneNumber", List.of(pick(random, PHONES), pick(random, PHONES)));
			case 4 -> Updates.set("createdAt", randomTime(random, arrays));
			case 5 -> Updates.set("client", (random.nextBoolean() || !arrays) ? "shop" : List.of("shop", "bank"));
			case 6 -> Updates.set("status", List.of(pick(random, STATUSES), pick(random, STATUSES)));
			default -> Updates.unset(random.nextBoolean() ? "status" : "client");
		};
	}

	private static Bson randomFilter(Random random) {
		List<Bson> criteria = new ArrayList<>();
		if (random.nextBoolean()) {
			criteria.add(Filters.eq("status", pick(random, STATUSES)));
		}
		if (random.nextInt(3) == 0) {
			criteria.add(Filters.eq("phoneNumber", pick(random, PHONES)));
		}
		if (random.nextInt(3) == 0) {
			criteria.add(Filters.eq("client", random.nextBoolean() ? "shop" : "bank"));
		}
		String field = random.nextBoolean() ? "createdAt" : "sentAt";
		switch (random.nextInt(4)) {
			case 0 -> criteria.add(Filters.gte(field, new Date(Long.MIN_VALUE)));
			case 1 -> criteria.add(Filters.lt(field, new Date(1_000L * random.nextInt(50))));
			case 2 -> criteria.add(Filters.and(Filters.lte(field, new Date(1_000L * random.nextInt(50))),
					Filters.or(Filters.lt(field, new Date(1_000L * random.nextInt(50))),
							Filters.lt("_id", idOf(random.nextInt(1500))))));
			default -> criteria.add(Filters.not(Filters.type(field, "date")));
		}
		return Filters.and(criteria);
	}

	/**
	 * Equalities only, as the queue is counted: plain, as {@code $eq}, under
	 * {@code $and}, and now and then two that contradict each other.
	 */
	private static Bson randomEqualities(Random random) {
		List<Bson> criteria = new ArrayList<>();
		criteria.add(random.nextBoolean() ? Filters.eq("status", pick(random, STATUSES))
				: new Document("status", new Document("$eq", pick(random, STATUSES))));
		if (random.nextInt(3) == 0) {
			criteria.add(Filters.eq("sentAt", pick(random, List.of("yesterday", "never"))));
		}
		if (random.nextInt(3) == 0) {
			criteria.add(Filters.eq("phoneNumber", pick(random, PHONES)));
		}
		if (random.nextInt(3) == 0) {
			criteria.add(Filters.eq("client", random.nextBoolean() ? "shop" : "bank"));
		}
		if (random.nextInt(10) == 0) {
			criteria.add(Filters.eq("status", pick(random, STATUSES)));
		}
		Bson filter = (criteria.size() == 1) ? criteria.get(0) : Filters.and(criteria);
		return random.nextInt(4) == 0 ? Filters.and(filter) : filter;
	}

	/**
	 * Conditions an index's entries decide alone, as the due and scheduled messages are
	 * counted: an equality on its first field, a range or a type on another.
	 */
	private static Bson randomRangeOnIndexedFields(Random random) {
		Date date = new Date(1_000L * random.nextInt(50));
		return switch (random.nextInt(5)) {
			case 0 -> Filters.and(Filters.eq("status", pick(random, STATUSES)), Filters.lte("sentAt", date));
			case 1 -> Filters.and(Filters.eq("status", pick(random, STATUSES)), Filters.gt("sentAt", date));
			case 2 -> Filters.and(Filters.eq("phoneNumber", pick(random, PHONES)), Filters.gte("createdAt", date));
			case 3 -> Filters.and(Filters.eq("client", "shop"), Filters.ne("status", pick(random, STATUSES)),
					Filters.exists("sentAt"));
			default -> Filters.and(Filters.lt("createdAt", date), Filters.not(Filters.type("_id", "string")));
		};
	}

	private static <T> T pick(Random random, List<T> values) {
		return values.get(random.nextInt(values.size()));
	}

}
