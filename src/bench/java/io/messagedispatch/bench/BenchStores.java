package io.messagedispatch.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import io.messagedispatch.store.embedded.IndexedMemoryBackend;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.Messages;
import io.messagedispatch.message.mongo.MessageCollection;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The benchmark's second JVM: the embedded MongoDB (mongo-java-server, memory backend) unless a MongoDB URI is given,
 * and the fast provider. Keeping them out of the service's JVM means the service's heap and RSS are measured alone.
 * It takes one command a line on standard input and answers one line on standard output.
 */
final class BenchStores {

	static final String READY = "READY";

	private static final int SEED_BATCH = 10_000;

	private BenchStores() {
	}

	/**
	 * Arguments: the MongoDB URI to use (or {@code embedded}), the database name, and the provider's thread count.
	 */
	public static void main(String[] args) throws Exception {
		quietLogging();
		String uri = args[0];
		String database = args[1];
		int providerThreads = Integer.parseInt(args[2]);
		MongoServer embedded = null;
		if ("embedded".equals(uri)) {
			embedded = new MongoServer(new IndexedMemoryBackend());
			uri = embedded.bindAndGetConnectionString();
		}
		try (FastProvider provider = FastProvider.start(providerThreads);
				MongoClient client = MongoClients.create(uri)) {
			MongoTemplate mongo = new MongoTemplate(client, database);
			System.out.println(READY + " " + uri + " " + provider.url() + " " + ProcessHandle.current().pid());
			BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			String line;
			while ((line = commands.readLine()) != null) {
				String[] command = line.trim().split("\\s+");
				if ("seed".equals(command[0])) {
					long started = System.nanoTime();
					seed(mongo, Integer.parseInt(command[1]));
					System.out.println("seeded " + (System.nanoTime() - started) / 1_000_000);
				}
				else if ("provider-reset".equals(command[0])) {
					provider.reset();
					System.out.println("ok");
				}
				else if ("provider-stats".equals(command[0])) {
					System.out.println("stats " + provider.requests() + " " + provider.repeats());
				}
				else if ("quit".equals(command[0])) {
					break;
				}
				else {
					System.out.println("unknown " + line);
				}
			}
		}
		finally {
			if (embedded != null) {
				embedded.shutdown();
			}
		}
	}

	private static void quietLogging() {
		((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
		((Logger) LoggerFactory.getLogger("de.bwaldvogel")).setLevel(Level.ERROR);
	}

	/**
	 * Empties the queue and fills it with {@code count} unsent messages, all due, in creation order.
	 */
	private static void seed(MongoTemplate mongo, int count) {
		mongo.getCollection("messages").deleteMany(new Document());
		Messages store = new Messages(new MessageCollection(mongo), Clock.systemUTC());
		Instant base = Instant.now().minusSeconds(3600);
		List<Message> batch = new ArrayList<>(SEED_BATCH);
		for (int i = 0; i < count; i++) {
			batch.add(Message.accepted(new ObjectId().toHexString(), "+90555" + String.format("%07d", i % 10_000_000),
					"Benchmark message #" + i + ": your code is " + (100_000 + i % 900_000), base.plusMillis(i)));
			if (batch.size() == SEED_BATCH) {
				store.insertAll(batch);
				batch.clear();
				if ((i + 1) % 200_000 == 0) {
					System.out.println("progress seeded " + (i + 1));
				}
			}
		}
		store.insertAll(batch);
	}

}
