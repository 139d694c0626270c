package io.messagedispatch.dispatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import de.bwaldvogel.mongo.MongoServer;
import io.messagedispatch.store.embedded.IndexedMemoryBackend;
import io.messagedispatch.MessageDispatchApplication;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;
import io.messagedispatch.support.FaultyProvider;
import io.messagedispatch.support.FaultyProvider.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static io.messagedispatch.message.MessageBuilder.aMessage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cron mode: one run (or a drain) without a web server, and an exit code a scheduler can
 * act on.
 */
class CronModeTests {

	private MongoServer mongo;

	private String mongoUri;

	private FaultyProvider provider;

	@BeforeEach
	void start() {
		this.mongo = new MongoServer(new IndexedMemoryBackend());
		this.mongoUri = this.mongo.bindAndGetConnectionString();
		this.provider = FaultyProvider.start();
	}

	@AfterEach
	void stop() {
		this.provider.close();
		this.mongo.shutdownNow();
	}

	@Test
	void runOnceSendsOneBatchAndExitsWithZero() {
		List<Message> queued = seed(5);

		assertThat(exitCodeOf("--run-once")).isEqualTo(CronRun.OK);

		assertThat(this.provider.acceptedByKey()).containsOnlyKeys(queued.get(0).id(), queued.get(1).id());
	}

	@Test
	void drainSendsEverythingDue() {
		seed(25);

		assertThat(exitCodeOf("--drain")).isEqualTo(CronRun.OK);

		assertThat(this.provider.acceptedCount()).isEqualTo(25);
	}

	@Test
	void messagesRefusedForGoodAreReportedInTheExitCode() {
		seed(3);
		this.provider.behave((key, attempt) -> Answer.REFUSE);

		assertThat(exitCodeOf("--drain")).isEqualTo(CronRun.MESSAGES_FAILED);
	}

	@Test
	void transientFailuresLeftForLaterStillExitWithZero() {
		seed(2);
		this.provider.behave((key, attempt) -> Answer.FAIL);

		assertThat(exitCodeOf("--run-once")).isEqualTo(CronRun.OK);
	}

	@Test
	void stoppedProcessorMeansNothingRanAndTheRunIsToBeTriedAgain() {
		seed(1);

		assertThat(exitCodeOf("--run-once", "--messaging.processor.auto-start=false")).isEqualTo(CronRun.SKIPPED);
		assertThat(this.provider.requestCount()).isZero();
	}

	@Test
	void cronModeIsRecognisedFromTheArguments() {
		assertThat(CronRun.isRequested("--drain")).isTrue();
		assertThat(CronRun.isRequested("--run-once", "--server.port=0")).isTrue();
		assertThat(CronRun.isRequested("--server.port=0")).isFalse();
	}

	private int exitCodeOf(String... extra) {
		List<String> args = new ArrayList<>(List.of("--messaging.store.mongodb-uri=" + this.mongoUri,
				"--messaging.webhook.url=" + this.provider.url(), "--messaging.processor.schedule=false",
				"--messaging.webhook.retry.max-retries=0"));
		args.addAll(List.of(extra));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(MessageDispatchApplication.class)
			.web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new));
		return SpringApplication.exit(context);
	}

	private List<Message> seed(int count) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(MessageDispatchApplication.class)
			.web(WebApplicationType.NONE)
			.run("--messaging.store.mongodb-uri=" + this.mongoUri, "--messaging.webhook.url=" + this.provider.url(),
					"--messaging.processor.schedule=false")) {
			Messages store = context.getBean(Messages.class);
			List<Message> messages = new ArrayList<>();
			Instant base = Instant.now().minusSeconds(60);
			for (int i = 0; i < count; i++) {
				messages.add(aMessage().createdAt(base.plusSeconds(i)).build());
			}
			store.insertAll(messages);
			assertThat(store.countByStatus()).containsEntry(MessageStatus.UNSENT, (long) count);
			return messages;
		}
	}

}
