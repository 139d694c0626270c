package io.messagedispatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.messagedispatch.message.Attempt;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.mongo.MessageCollection;
import io.messagedispatch.queue.ClaimStream;
import io.messagedispatch.queue.DeliveryOutcome;
import io.messagedispatch.queue.MessageQueue;
import org.bson.Document;
import org.bson.conversions.Bson;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * {@code make bench-store}: the store alone, no provider, no Redis, no batch framework. It drains a seeded backlog
 * with the service's own store calls (the claim stream and the bulk record of outcomes, each with the attempt log
 * entry of one accepted POST) and reports how many
 * messages per second the store can take and how much CPU the store process spends on each. That rate is the ceiling
 * of the whole service on this store; the gap between it and {@code make bench} is the service's share. For contrast
 * it also claims a smaller backlog the way the first design did: one sorted query per chunk.
 */
public final class StoreBenchmark {

	private static final Path RESULTS = Path.of("target", "bench", "store-results.jsonl");

	private static final Duration LEASE = Duration.ofMinutes(10);

	private StoreBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		BenchOptions options = BenchOptions.parse(args);
		String mongoUri = System.getenv("MONGODB_URI");
		boolean embedded = mongoUri == null || mongoUri.isBlank();
		int perChunkQueryMessages = Math.min(options.messages(), 20_000);
		System.out.printf("Store benchmark: %,d messages, chunk %d, store %s in a separate JVM%n", options.messages(),
				options.chunkSize(),
				embedded ? "embedded mongo-java-server 1.47.0 (memory backend)" : "MongoDB at MONGODB_URI");
		Map<String, Object> line = new LinkedHashMap<>();
		try (StoreProcess stores = StoreProcess.start(embedded ? "embedded" : mongoUri,
				ThroughputBenchmark.DATABASE, 1, options.storeHeap());
				MongoClient client = MongoClients.create(stores.mongoUri)) {
			MongoTemplate mongo = new MongoTemplate(client, ThroughputBenchmark.DATABASE);
			MessageQueue queue = new MessageQueue(new MessageCollection(mongo), Clock.systemUTC());
			if (options.warmup() > 0) {
				System.out.printf("Warm-up: %,d messages (not reported)%n", options.warmup());
				seed(stores, options.warmup());
				drainWithStream(queue, stores, options.chunkSize(), options.warmup());
			}
			seed(stores, options.messages());
			Map<String, Double> stream = drainWithStream(queue, stores, options.chunkSize(), options.messages());
			seed(stores, perChunkQueryMessages);
			Map<String, Double> perChunk = claimWithAQueryPerChunk(mongo.getCollection("messages"), stores,
					options.chunkSize(), perChunkQueryMessages);
			System.out.printf("%nStore only, loopback, %s%n", embedded ? "embedded mongo-java-server" : "MONGODB_URI");
			String row = "%-44s %16s %16s%n";
			System.out.printf(row, "", "claim stream", "query per chunk");
			System.out.printf(row, "messages", String.format("%,d", options.messages()),
					String.format("%,d", perChunkQueryMessages));
			for (String key : stream.keySet()) {
				System.out.printf(row, key, format(stream.get(key)), format(perChunk.get(key)));
			}
			System.out.println("Claim stream: the service's calls - one sorted query walked in chunks, each chunk claimed"
					+ " by one bulk write and its outcomes recorded by another.");
			System.out.println("Query per chunk: the first design - a sorted query, an update of the ids found and a"
					+ " read-back for every chunk; outcomes recorded the same way.");
			line.put("timestamp", Instant.now().toString());
			line.put("store", embedded ? "embedded mongo-java-server 1.47.0 memory backend, separate JVM" : "MONGODB_URI");
			line.put("cores", Runtime.getRuntime().availableProcessors());
			line.put("chunkSize", options.chunkSize());
			line.put("messages", options.messages());
			line.put("claimStream", stream);
			line.put("queryPerChunkMessages", perChunkQueryMessages);
			line.put("queryPerChunk", perChunk);
		}
		Files.createDirectories(RESULTS.getParent());
		Files.writeString(RESULTS, JsonMapper.builder().build().writeValueAsString(line) + System.lineSeparator(),
				StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		System.out.printf("%nResults appended to %s%n", RESULTS);
		System.exit(0);
	}

	private static void seed(StoreProcess stores, int count) throws IOException {
		String seeded = stores.ask("seed " + count, "seeded");
		System.out.printf("Seeded %,d messages in %.1f s%n", count, Long.parseLong(seeded.split(" ")[1]) / 1000.0);
	}

	/** Drains the backlog with the service's calls: the claim stream, and one bulk record per chunk. */
	private static Map<String, Double> drainWithStream(MessageQueue queue, StoreProcess stores, int chunkSize,
			int count) {
		Timing timing = new Timing(stores.pid);
		long claimNanos = 0;
		long recordNanos = 0;
		long done = 0;
		try (ClaimStream claims = queue.openClaims("store-bench", LEASE, chunkSize)) {
			while (true) {
				long started = System.nanoTime();
				List<Message> chunk = claims.next(chunkSize);
				long claimed = System.nanoTime();
				claimNanos += claimed - started;
				if (chunk.isEmpty()) {
					break;
				}
				Instant now = Instant.now();
				queue.record("store-bench", chunk.stream()
					.map(message -> (DeliveryOutcome) new DeliveryOutcome.Sent(message.id(), 1, "p-" + message.id(),
							now, List.of(new Attempt(now, "store-bench", "run", Attempt.Outcome.SENT, 202, null, 3,
									"{\"message\":\"Accepted\",\"messageId\":\"p-" + message.id() + "\"}"))))
					.toList());
				recordNanos += System.nanoTime() - claimed;
				done += chunk.size();
			}
		}
		if (done != count) {
			throw new IllegalStateException("Claimed " + done + " of " + count);
		}
		return timing.result(done, claimNanos, recordNanos);
	}

	/**
	 * The first design's claim, kept here for contrast: per chunk, a sorted query for the due ids, a conditional
	 * update of those ids, and a read-back of what this owner now holds.
	 */
	private static Map<String, Double> claimWithAQueryPerChunk(MongoCollection<Document> messages, StoreProcess stores,
			int chunkSize, int count) {
		Timing timing = new Timing(stores.pid);
		long claimNanos = 0;
		long recordNanos = 0;
		long done = 0;
		while (true) {
			long started = System.nanoTime();
			Date now = new Date();
			Bson due = Filters.and(Filters.eq("status", "unsent"), Filters.lte("nextAttemptAt", now));
			List<Object> ids = messages.find(due)
				.sort(Sorts.ascending("createdAt", "_id"))
				.limit(chunkSize)
				.projection(Projections.include("_id"))
				.map(document -> document.get("_id"))
				.into(new ArrayList<>());
			if (ids.isEmpty()) {
				claimNanos += System.nanoTime() - started;
				break;
			}
			messages.updateMany(Filters.and(Filters.in("_id", ids), due), Updates.combine(Updates.set("status", "sending"),
					Updates.set("owner", "store-bench"), Updates.set("leaseUntil", new Date(now.getTime() + LEASE.toMillis()))));
			List<Document> held = messages
				.find(Filters.and(Filters.in("_id", ids), Filters.eq("owner", "store-bench"), Filters.eq("status", "sending")))
				.into(new ArrayList<>());
			long claimed = System.nanoTime();
			claimNanos += claimed - started;
			messages.updateMany(Filters.and(Filters.in("_id", ids), Filters.eq("owner", "store-bench")),
					Updates.combine(Updates.set("status", "sent"), Updates.set("sentAt", new Date())));
			recordNanos += System.nanoTime() - claimed;
			done += held.size();
		}
		if (done != count) {
			throw new IllegalStateException("Claimed " + done + " of " + count);
		}
		return timing.result(done, claimNanos, recordNanos);
	}

	private static String format(Double value) {
		return value == null ? "-" : String.format(Locale.ROOT, "%,.1f", value);
	}

	/** Wall and CPU time of one drain. */
	private static final class Timing {

		private final long storePid;

		private final long started = System.nanoTime();

		private final long storeCpuBefore;

		private final long ownCpuBefore = CpuClock.processMicros(ProcessHandle.current().pid());

		Timing(long storePid) {
			this.storePid = storePid;
			this.storeCpuBefore = CpuClock.processMicros(storePid);
		}

		Map<String, Double> result(long messages, long claimNanos, long recordNanos) {
			double seconds = (System.nanoTime() - this.started) / 1e9;
			Map<String, Double> result = new LinkedHashMap<>();
			result.put("messages/s (claim + record)", RunResult.round(messages / seconds));
			result.put("claim, us per message", RunResult.round(claimNanos / 1_000.0 / messages));
			result.put("record, us per message", RunResult.round(recordNanos / 1_000.0 / messages));
			result.put("store JVM CPU, us per message",
					RunResult.round((CpuClock.processMicros(this.storePid) - this.storeCpuBefore) / (double) messages));
			result.put("this JVM CPU, us per message", RunResult.round(
					(CpuClock.processMicros(ProcessHandle.current().pid()) - this.ownCpuBefore) / (double) messages));
			return result;
		}

	}

}
