package io.messagedispatch.faults;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.messagedispatch.support.ServiceProcess;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault scenarios 1 and 10 with the service as a real child process: killed with SIGKILL
 * at random points mid-run, and stopped with SIGTERM mid-run.
 */
class ProcessFaultTests extends FaultScenarioSupport {

	private static final int CHUNK = 16;

	private static final int KILLS = 3;

	private RedisServer redis;

	private String redisUrl;

	@BeforeEach
	void startRedis() throws IOException {
		this.redisUrl = System.getenv("REDIS_URL");
		if (this.redisUrl == null || this.redisUrl.isBlank()) {
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			this.redis = RedisServer.newRedisServer().bind("127.0.0.1").port(port).setting("save \"\"").build();
			this.redis.start();
			this.redisUrl = "redis://127.0.0.1:" + port;
		}
	}

	@AfterEach
	void stopRedis() throws IOException {
		if (this.redis != null) {
			this.redis.stop();
		}
	}

	@Test
	void killedWithSigkillAtRandomPointsAndRestartedLosesNothing() {
		seed();
		int crashes = 0;
		for (int kill = 1; kill <= KILLS; kill++) {
			int acceptedBefore = this.provider.acceptedCount();
			int killAfter = acceptedBefore + ThreadLocalRandom.current().nextInt(CHUNK, MESSAGES / (KILLS + 1));
			try (ServiceProcess service = ServiceProcess.start("sigkill-" + kill, serverSettings())) {
				await().atMost(SETTLE_WITHIN)
					.until(() -> this.provider.acceptedCount() >= killAfter || !service.isAlive());
				assertThat(service.isAlive()).as("the service runs until killed; see %s", service.log()).isTrue();
				service.kill();
				crashes++;
			}
		}
		try (ServiceProcess service = ServiceProcess.start("sigkill-final", serverSettings())) {
			await().atMost(SETTLE_WITHIN).pollInterval(Duration.ofMillis(200)).until(() -> unsettled() == 0);
		}

		Ledger ledger = ledger("kill -9 mid-run x" + KILLS + ", then restart");
		assertHolds(ledger);
		assertThat(ledger.sent()).isEqualTo(MESSAGES);
		assertThat(ledger.wireDuplicates()).as("only messages in flight at a crash, at most a chunk per crash")
			.isLessThanOrEqualTo(crashes * CHUNK);
	}

	@Test
	void sigtermMidRunFinishesOrReleasesItsClaimsAndExits() {
		seed();
		Duration exitedWithin;
		try (ServiceProcess service = ServiceProcess.start("sigterm", serverSettings())) {
			await().atMost(SETTLE_WITHIN)
				.until(() -> this.provider.acceptedCount() >= MESSAGES / 4 || !service.isAlive());
			assertThat(service.isAlive()).as("the service runs until stopped; see %s", service.log()).isTrue();
			exitedWithin = service.terminate(Duration.ofSeconds(30));
		}
		assertThat(exitedWithin).isLessThan(Duration.ofSeconds(30));
		assertThat(messages().countDocuments(new Document("status", "sending")))
			.as("nothing is left claimed after a graceful stop")
			.isZero();

		try (ServiceProcess service = ServiceProcess.start("sigterm-restart", serverSettings())) {
			await().atMost(SETTLE_WITHIN).pollInterval(Duration.ofMillis(200)).until(() -> unsettled() == 0);
		}

		Ledger ledger = ledger("SIGTERM mid-run, then restart");
		assertHolds(ledger);
		assertThat(ledger.sent()).isEqualTo(MESSAGES);
		assertThat(ledger.wireDuplicates()).as("a graceful stop sends nothing twice").isZero();
	}

	/**
	 * The service as a server on its schedule, paced so that a run is still going when
	 * the fault strikes.
	 */
	private List<String> serverSettings() {
		List<String> settings = faultSettings(this.mongo.getLocalAddress().getPort());
		with(settings, "messaging.processor.schedule", "true");
		with(settings, "messaging.processor.interval", "100ms");
		with(settings, "messaging.processor.chunk-size", CHUNK);
		with(settings, "messaging.webhook.response-timeout", "2s");
		with(settings, "messaging.webhook.retry.max-retries", "0");
		with(settings, "messaging.delivery.max-per-second", Math.max(300, MESSAGES / 5));
		with(settings, "messaging.store.embedded-allowed", "false");
		with(settings, "messaging.store.redis-url", this.redisUrl);
		with(settings, "messaging.mock-provider.enabled", "false");
		return settings;
	}

}
