package io.messagedispatch.dispatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import de.bwaldvogel.mongo.MongoServer;
import io.messagedispatch.store.embedded.IndexedMemoryBackend;
import io.messagedispatch.MessageDispatchApplication;
import io.messagedispatch.dispatch.run.DispatchRunner;
import io.messagedispatch.dispatch.run.DispatchRuns;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;
import io.messagedispatch.support.ProviderStub;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;

import static io.messagedispatch.message.MessageBuilder.aMessage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the service sharing one MongoDB, as in a cluster: the lock and the
 * claims keep every message to one send, and a stop on one instance stops the other.
 */
@Tag("e2e")
class ClusterDispatchTests {

	private static final int MESSAGES = 300;

	private static MongoServer mongo;

	private static ProviderStub provider;

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	@BeforeAll
	static void startCluster() {
		mongo = new MongoServer(new IndexedMemoryBackend());
		String uri = mongo.bindAndGetConnectionString();
		provider = ProviderStub.start();
		first = instance(uri);
		second = instance(uri);
	}

	@AfterAll
	static void stopCluster() {
		second.close();
		first.close();
		provider.close();
		mongo.shutdown();
	}

	@BeforeEach
	void emptyQueueAndRunningProcessor() {
		first.getBean(MongoTemplate.class).getCollection("messages").deleteMany(new Document());
		provider.reset();
		first.getBean(ProcessorSwitch.class).start();
	}

	private static ConfigurableApplicationContext instance(String mongoUri) {
		return new SpringApplicationBuilder(MessageDispatchApplication.class).run("--server.port=0",
				"--messaging.store.mongodb-uri=" + mongoUri, "--messaging.webhook.url=" + provider.url(),
				"--messaging.processor.initial-delay=1h", "--messaging.processor.chunk-size=10",
				"--messaging.processor.send-concurrency=4", "--messaging.processor.batch-size=50");
	}

	@Test
	void instancesRunningAtTheSameTimeSendEveryMessageExactlyOnce() throws Exception {
		Messages store = first.getBean(Messages.class);
		List<Message> queued = new ArrayList<>();
		Instant base = Instant.now().minusSeconds(MESSAGES);
		for (int i = 0; i < MESSAGES; i++) {
			queued.add(aMessage().createdAt(base.plusSeconds(i)).build());
		}
		store.insertAll(queued);

		ExecutorService pool = Executors.newFixedThreadPool(2);
		CountDownLatch go = new CountDownLatch(1);
		try {
			List<Future<Long>> sent = new ArrayList<>();
			for (ConfigurableApplicationContext instance : List.of(first, second)) {
				DispatchRunner runner = instance.getBean(DispatchRunner.class);
				Callable<Long> runUntilEmpty = () -> {
					go.await();
					long total = 0;
					// a run skipped because the other instance holds the lock takes
					// milliseconds: the loop is bounded by time, not by a count of rounds
					long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
					while (System.nanoTime() < deadline) {
						total += runner.run(RunMode.ONCE).sent();
						Map<MessageStatus, Long> counts = store.countByStatus();
						if (counts.get(MessageStatus.UNSENT) == 0 && counts.get(MessageStatus.SENDING) == 0) {
							break;
						}
					}
					return total;
				};
				sent.add(pool.submit(runUntilEmpty));
			}
			go.countDown();
			long total = sent.get(0).get(2, TimeUnit.MINUTES) + sent.get(1).get(2, TimeUnit.MINUTES);

			assertThat(total).isEqualTo(MESSAGES);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(store.countByStatus()).containsEntry(MessageStatus.SENT, (long) MESSAGES)
			.containsEntry(MessageStatus.SENDING, 0L);
		assertThat(provider.postsPerKey()).hasSize(MESSAGES).allSatisfy((key, posts) -> assertThat(posts).isOne());
		List<RunReport> runs = new ArrayList<>(first.getBean(DispatchRuns.class).latest(100));
		runs.sort(Comparator.comparing(RunReport::startedAt));
		for (int i = 1; i < runs.size(); i++) {
			assertThat(runs.get(i).startedAt()).as("runs never overlap").isAfterOrEqualTo(runs.get(i - 1).endedAt());
		}
	}

	@Test
	void stopOnOneInstanceStopsTheOther() {
		ProcessorSwitch onFirst = first.getBean(ProcessorSwitch.class);
		ProcessorSwitch onSecond = second.getBean(ProcessorSwitch.class);
		first.getBean(Messages.class).insert(aMessage().createdAt(Instant.now().minusSeconds(1)).build());

		onFirst.stop();

		assertThat(onSecond.isRunning()).isFalse();
		assertThat(second.getBean(DispatchRunner.class).run(RunMode.SCHEDULED).outcome())
			.isEqualTo(RunReport.Outcome.SKIPPED);

		onSecond.start();

		assertThat(onFirst.isRunning()).isTrue();
	}

}
