package io.messagedispatch.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import io.messagedispatch.store.embedded.IndexedMemoryBackend;
import io.messagedispatch.MessageDispatchApplication;
import io.messagedispatch.dispatch.RunMode;
import io.messagedispatch.dispatch.RunReport;
import io.messagedispatch.dispatch.run.DispatchRunner;
import io.messagedispatch.support.FaultyProvider;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every fault scenario needs: a shared store (mongo-java-server on loopback), the
 * faulty provider, instances of the service started with short timeouts, a seeded queue
 * and the ledger. {@code -Dfaults.messages=N} sets the queue size (1,000 in CI, 10,000
 * with {@code make faults}).
 */
@Tag("faults")
abstract class FaultScenarioSupport {

	static final int MESSAGES = Integer.getInteger("faults.messages", 1000);

	static final Duration SETTLE_WITHIN = Duration.ofMinutes(Math.max(2, MESSAGES / 1000));

	protected MongoServer mongo;

	protected MongoClient client;

	protected FaultyProvider provider;

	protected final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	protected final List<String> inserted = new ArrayList<>();

	private Instant started;

	@BeforeEach
	void startStoreAndProvider() {
		this.mongo = new MongoServer(new IndexedMemoryBackend());
		this.mongo.bind("127.0.0.1", 0);
		this.client = MongoClients.create(mongoUri(this.mongo.getLocalAddress().getPort()));
		this.provider = FaultyProvider.start();
		this.started = Instant.now();
	}

	@AfterEach
	void stopEverything() {
		this.instances.forEach(ConfigurableApplicationContext::close);
		this.provider.close();
		this.client.close();
		this.mongo.shutdownNow();
	}

	static String mongoUri(int port) {
		return "mongodb://127.0.0.1:" + port;
	}

	/**
	 * Settings that make faults show within seconds: short timeouts, short backoff, many
	 * attempts.
	 */
	List<String> faultSettings(int mongoPort) {
		return new ArrayList<>(List.of("--server.port=0", "--messaging.store.mongodb-uri=" + mongoUri(mongoPort),
				"--messaging.webhook.url=" + this.provider.url(), "--messaging.webhook.auth-key=fault-key",
				"--messaging.processor.schedule=false", "--messaging.processor.batch-size=1000000",
				"--messaging.processor.chunk-size=50", "--messaging.processor.send-concurrency=8",
				"--messaging.webhook.connect-timeout=200ms", "--messaging.webhook.response-timeout=300ms",
				"--messaging.webhook.retry.max-retries=1", "--messaging.webhook.retry.delay=5ms",
				"--messaging.webhook.retry.max-delay=10ms", "--messaging.delivery.backoff=50ms",
				"--messaging.delivery.jitter=0", "--messaging.delivery.max-attempts=50",
				"--messaging.webhook.circuit.open-duration=200ms", "--messaging.cache.retry-after-failure=100ms",
				"--messaging.processor.lock-lease=3s"));
	}

	/** Sets a setting in a list of command-line settings, replacing an earlier value. */
	static List<String> with(List<String> settings, String name, Object value) {
		settings.removeIf(setting -> setting.startsWith("--" + name + "="));
		settings.add("--" + name + "=" + value);
		return settings;
	}

	ConfigurableApplicationContext instance(List<String> args) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(MessageDispatchApplication.class)
			.run(args.toArray(String[]::new));
		this.instances.add(context);
		return context;
	}

	ConfigurableApplicationContext instance() {
		return instance(faultSettings(this.mongo.getLocalAddress().getPort()));
	}

	/**
	 * Seeds the queue with {@link #MESSAGES} messages, oldest first; those for which
	 * {@code invalid} holds are stored broken (as another tool might write them).
	 */
	void seed(IntPredicate invalid) {
		List<Document> documents = new ArrayList<>(MESSAGES);
		Instant base = Instant.now().minusSeconds(3600);
		for (int i = 0; i < MESSAGES; i++) {
			ObjectId id = new ObjectId();
			Date createdAt = Date.from(base.plusMillis(i));
			documents.add(new Document("_id", id).append("phoneNumber", invalid.test(i) ? "0" + i : "+9055500" + i)
				.append("content", "fault scenario message " + i)
				.append("status", "unsent")
				.append("attempts", 0)
				.append("createdAt", createdAt)
				.append("updatedAt", createdAt)
				.append("nextAttemptAt", createdAt));
			this.inserted.add(id.toHexString());
		}
		for (int from = 0; from < documents.size(); from += 1000) {
			messages().insertMany(documents.subList(from, Math.min(from + 1000, documents.size())));
		}
	}

	void seed() {
		seed(i -> false);
	}

	MongoCollection<Document> messages() {
		return this.client.getDatabase("message").getCollection("messages");
	}

	long unsettled() {
		return this.mongo == null ? 0
				: messages().countDocuments(new Document("status", new Document("$in", List.of("unsent", "sending"))));
	}

	long sent() {
		return messages().countDocuments(new Document("status", "sent"));
	}

	/**
	 * Runs dispatch on this instance until every message is sent or failed, pausing
	 * briefly between runs while the rest waits for its next attempt; fails after
	 * {@link #SETTLE_WITHIN}.
	 */
	List<RunReport> drainUntilSettled(ConfigurableApplicationContext instance) {
		DispatchRunner runner = instance.getBean(DispatchRunner.class);
		List<RunReport> reports = new ArrayList<>();
		Instant deadline = Instant.now().plus(SETTLE_WITHIN);
		while (unsettled() > 0) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError(unsettled() + " message(s) still unsettled after " + SETTLE_WITHIN);
			}
			RunReport report = runner.run(RunMode.DRAIN);
			reports.add(report);
			if (report.claimed() == 0) {
				LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
			}
		}
		return reports;
	}

	/**
	 * The books balance: nothing lost, nothing left claimed, nothing marked sent that the
	 * provider never took.
	 */
	static void assertHolds(Ledger ledger) {
		assertThat(ledger.lost()).as("lost").isZero();
		assertThat(ledger.leftSending()).as("left sending").isZero();
		assertThat(ledger.sentNotAccepted()).as("marked sent but never accepted").isZero();
		assertThat(ledger.sent() + ledger.failed()).isEqualTo(ledger.inserted());
	}

	Ledger ledger(String scenario) {
		return Ledger
			.of(scenario + " (" + MESSAGES + ")", this.inserted, messages(), this.provider.acceptedByKey(),
					Duration.between(this.started, Instant.now()))
			.report();
	}

}
