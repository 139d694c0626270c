package io.messagedispatch.faults;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import io.messagedispatch.MessageDispatchApplication;
import io.messagedispatch.dispatch.DispatchOverview;
import io.messagedispatch.dispatch.DispatchSettings;
import io.messagedispatch.dispatch.RunMode;
import io.messagedispatch.dispatch.RunReport;
import io.messagedispatch.dispatch.run.DispatchRunner;
import io.messagedispatch.dispatch.run.DispatchRuns;
import io.messagedispatch.message.MessageIds;
import io.messagedispatch.provider.CircuitBreaker;
import io.messagedispatch.support.CpuLoad;
import io.messagedispatch.support.FaultyProvider.Answer;
import io.messagedispatch.support.FaultyProvider.Request;
import io.messagedispatch.support.TcpProxy;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.BsonBinarySubType;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.embedded.RedisServer;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault scenarios 2 to 9 with the service running in this JVM against a loopback store,
 * Redis and provider: whatever fails, the ledger holds.
 */
class InProcessFaultTests extends FaultScenarioSupport {

	/**
	 * Rounds of the multi-instance race: {@code -Dfaults.rounds}, 3 in CI, 20 with
	 * {@code make faults}.
	 */
	private static final int ROUNDS = Integer.getInteger("faults.rounds", 3);

	@ParameterizedTest(name = "{0} instances")
	@ValueSource(ints = { 2, 3 })
	void instancesAtOnceWithAnExpiredLockAndClocksFiveSecondsApartSendEachMessageOnce(int count) throws Exception {
		List<ConfigurableApplicationContext> cluster = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			cluster.add(skewedInstance(Duration.ofSeconds(5L * (i - count / 2))));
		}
		for (int round = 1; round <= ROUNDS; round++) {
			messages().deleteMany(new Document());
			this.inserted.clear();
			seed();
			try (CpuLoad load = CpuLoad.start(2)) {
				drainTogether(cluster);
			}

			Ledger ledger = ledger(
					count + " instances, lock torn away, clocks 5 s apart, CPU busy, round " + round + " of " + ROUNDS);
			assertHolds(ledger);
			assertThat(ledger.sent()).isEqualTo(MESSAGES);
			assertThat(ledger.wireDuplicates()).as("claims keep concurrent runs apart, round %d", round).isZero();
		}
		assertThat(cluster.get(0).getBean(DispatchRuns.class).latest(100)).extracting(RunReport::instance)
			.as("more than one instance ran")
			.hasSizeGreaterThan(1);
	}

	/**
	 * Every instance runs dispatch back to back while the cluster lock is torn away every
	 * 20 ms, as if it expired while its holder was still running, until the queue is
	 * settled.
	 */
	private void drainTogether(List<ConfigurableApplicationContext> cluster) throws Exception {
		AtomicBoolean done = new AtomicBoolean();
		ExecutorService pool = Executors.newFixedThreadPool(cluster.size() + 1);
		CountDownLatch go = new CountDownLatch(1);
		try {
			List<Future<?>> runners = new ArrayList<>();
			for (ConfigurableApplicationContext instance : cluster) {
				DispatchRunner runner = instance.getBean(DispatchRunner.class);
				runners.add(pool.submit(() -> {
					go.await();
					while (!done.get()) {
						runner.run(RunMode.DRAIN);
					}
					return null;
				}));
			}
			Future<?> lockBreaker = pool.submit(() -> {
				go.await();
				while (!done.get()) {
					this.client.getDatabase("message").getCollection("shedlock").deleteMany(new Document());
					Thread.sleep(20);
				}
				return null;
			});
			go.countDown();
			await().atMost(SETTLE_WITHIN).pollInterval(Duration.ofMillis(100)).until(() -> unsettled() == 0);
			done.set(true);
			for (Future<?> runner : runners) {
				runner.get(1, TimeUnit.MINUTES);
			}
			lockBreaker.get(1, TimeUnit.MINUTES);
		}
		finally {
			done.set(true);
			pool.shutdownNow();
		}
	}

	@Test
	void hostileStoredDocumentsSettleAndTheGoodMessagesFlowBehindThem() {
		Instant old = Instant.now().minus(Duration.ofDays(1));
		Map<Object, Document> hostile = new LinkedHashMap<>();
		hostile.put("kampanya-şubat-1", good(old));
		hostile.put(12345, good(old));
		hostile.put(1L << 40, good(old));
		hostile.put(2.5, good(old));
		hostile.put("0123456789abcdef01234567", good(old));
		hostile.put(new Document("tenant", "t1").append("n", 1), good(old));
		hostile.put(new Binary(BsonBinarySubType.UUID_STANDARD, new byte[16]), good(old));
		hostile.put("ünïcödé-" + "x".repeat(300), good(old));
		hostile.put("attempts as text", good(old).append("attempts", "2"));
		hostile.put("due time as text", good(old).append("nextAttemptAt", "soon"));
		hostile.put("created as text", good(null).append("createdAt", "yesterday"));
		hostile.put("status in capitals", good(old).append("status", "UNSENT"));
		hostile.put("sending without a lease", good(old).append("status", "sending"));
		hostile.put("no status at all", good(old).append("status", null));
		Map<Object, Document> doomed = new LinkedHashMap<>();
		doomed.put("phone as a number", good(old).append("phoneNumber", 905551112233L));
		doomed.put("content as an object", good(old).append("content", new Document("text", "hi")));
		doomed.put("status as a number", good(old).append("status", 3));
		doomed.put("status unknown", good(old).append("status", "archived"));
		doomed.put("content too long", good(old).append("content", "y".repeat(1_000)));
		doomed.put("phone not E.164", good(old).append("phoneNumber", "0555 111 22 33"));
		List<Document> documents = new ArrayList<>();
		hostile.forEach((id, document) -> documents.add(document.append("_id", id)));
		doomed.forEach((id, document) -> documents.add(document.append("_id", id)));
		for (Document document : documents) {
			if (document.get("status") == null && document.containsKey("status")) {
				document.remove("status");
			}
			messages().insertOne(document);
			this.inserted.add(MessageIds.toText(document.get("_id")));
		}
		seed();
		ConfigurableApplicationContext instance = patientInstance();

		List<RunReport> runs = drainUntilSettled(instance);

		Ledger ledger = ledger("hostile stored documents");
		assertHolds(ledger);
		assertThat(ledger.failed()).isEqualTo(doomed.size());
		assertThat(ledger.sent()).isEqualTo(MESSAGES + hostile.size());
		assertThat(ledger.wireDuplicates()).isZero();
		assertThat(runs).as("no run failed because of a document")
			.allSatisfy(run -> assertThat(run.outcome()).isEqualTo(RunReport.Outcome.COMPLETED));
		for (Object id : doomed.keySet()) {
			assertThat(messages().find(new Document("_id", id)).first()).as(String.valueOf(id))
				.extracting(document -> document.get("lastError"))
				.asString()
				.isNotBlank();
		}
	}

	@Test
	void aClaimWhoseLeaseExpiresMidSendIsTakenOverAndTheLateOutcomeIsNotRecorded() throws Exception {
		seed();
		String held = this.inserted.get(0);
		CountDownLatch posted = new CountDownLatch(1);
		CountDownLatch answer = new CountDownLatch(1);
		this.provider.behave((key, attempt) -> {
			if (key.equals(held) && attempt == 1) {
				posted.countDown();
				try {
					answer.await(1, TimeUnit.MINUTES);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return Answer.ACCEPT;
		});
		// a response timeout long enough that the held POST is not retried while it waits
		ConfigurableApplicationContext slow = skewedInstance(Duration.ZERO, "messaging.webhook.response-timeout", "1m");
		DispatchRunner slowRunner = slow.getBean(DispatchRunner.class);
		// an instance whose clock is past the slow run's lease and the skew allowance: to
		// it, the lease has expired
		DispatchSettings settings = slow.getBean(DispatchOverview.class).settings();
		ConfigurableApplicationContext ahead = skewedInstance(
				settings.lease().plus(settings.clockSkew()).plusSeconds(10));
		ExecutorService background = Executors.newSingleThreadExecutor();
		try {
			Future<RunReport> slowRun = background.submit(() -> slowRunner.run(RunMode.DRAIN));
			assertThat(posted.await(1, TimeUnit.MINUTES)).as("the slow run is posting").isTrue();
			this.client.getDatabase("message").getCollection("shedlock").deleteMany(new Document());

			RunReport takeOver = ahead.getBean(DispatchRunner.class).run(RunMode.DRAIN);

			assertThat(takeOver.outcome()).isEqualTo(RunReport.Outcome.COMPLETED);
			assertThat(messages().find(new Document("_id", new ObjectId(held))).first())
				.extracting(document -> document.get("status"))
				.as("taken over and sent by the instance that found the lease expired")
				.isEqualTo("sent");
			answer.countDown();
			RunReport late = slowRun.get(1, TimeUnit.MINUTES);
			assertThat(late.sent()).as("the late run's outcomes were refused: it no longer held the claims").isZero();
		}
		finally {
			answer.countDown();
			background.shutdownNow();
		}
		drainUntilSettled(this.instances.get(0));

		Ledger ledger = ledger("a lease expires mid-send (clock past it)");
		assertHolds(ledger);
		assertThat(ledger.sent()).isEqualTo(MESSAGES);
		assertThat(this.provider.acceptedByKey().get(held)).as("the same key, once from each run").isEqualTo(2);
	}

	@Test
	void hostileProviderAnswersSettleEveryMessageAndTheQueueKeepsFlowing() {
		seed();
		ConfigurableApplicationContext instance = patientInstance();
		this.provider.behave((key, attempt) -> switch (Math.floorMod(key.hashCode(), 20)) {
			case 0, 1 -> Answer.ACCEPT_WITH_ODD_BODY;
			case 2 -> Answer.ACCEPT_WITH_HUGE_BODY;
			case 3 -> attempt == 1 ? Answer.ACCEPT_THEN_STALL_BODY : Answer.ACCEPT;
			case 4 -> Answer.REDIRECT;
			default -> Answer.ACCEPT;
		});

		List<RunReport> runs = drainUntilSettled(instance);

		Ledger ledger = ledger("hostile provider answers");
		assertHolds(ledger);
		Set<String> redirected = this.inserted.stream()
			.filter(id -> Math.floorMod(id.hashCode(), 20) == 4)
			.collect(Collectors.toSet());
		assertThat(ledger.failed()).as("a redirect is a refusal").isEqualTo(redirected.size());
		assertThat(ledger.sent()).isEqualTo(MESSAGES - redirected.size());
		long stalled = this.provider.requests()
			.stream()
			.filter(request -> request.answer() == Answer.ACCEPT_THEN_STALL_BODY)
			.count();
		assertThat(ledger.wireDuplicates()).as("only a body that never came is a lost answer, resent with its key")
			.isLessThanOrEqualTo((int) stalled);
		assertThat(runs).allSatisfy(run -> assertThat(run.outcome()).isEqualTo(RunReport.Outcome.COMPLETED));
	}

	/**
	 * An instance that waits 2 s for each answer rather than 300 ms: where every
	 * duplicate on the wire counts against the scenario, a pause of this small machine (a
	 * collection, the compiler, the other test JVM) must not cut off an answer the
	 * provider sent at once, which the retry within the call would then send again.
	 */
	private ConfigurableApplicationContext patientInstance() {
		return instance(with(faultSettings(this.mongo.getLocalAddress().getPort()),
				"messaging.webhook.response-timeout", "2s"));
	}

	private static Document good(Instant createdAt) {
		Document document = new Document("phoneNumber", "+905550001122").append("content", "imported by a tool")
			.append("status", "unsent");
		if (createdAt != null) {
			document.append("createdAt", Date.from(createdAt));
		}
		return document;
	}

	@Test
	void providerFailingForALongStretchThenHealthyLosesAndFailsNothing() {
		seed();
		List<String> settings = faultSettings(this.mongo.getLocalAddress().getPort());
		with(settings, "messaging.delivery.backoff", "50ms,100ms,200ms,400ms,800ms");
		ConfigurableApplicationContext instance = instance(settings);
		DispatchRunner runner = instance.getBean(DispatchRunner.class);
		CircuitBreaker circuit = instance.getBean(CircuitBreaker.class);
		this.provider.behave((key, attempt) -> Answer.FAIL);

		await().atMost(SETTLE_WITHIN).until(() -> {
			runner.run(RunMode.DRAIN);
			return circuit.state() == CircuitBreaker.State.OPEN;
		});
		Duration openDuration = instance.getEnvironment()
			.getRequiredProperty("messaging.webhook.circuit.open-duration", Duration.class);
		Duration window = openDuration.multipliedBy(10);
		long windowStart = System.nanoTime();
		int requestsWhenOpened = this.provider.requestCount();
		// dispatch keeps running against the failing provider until ten circuit pauses
		// have passed by the clock
		await().atMost(window.plus(SETTLE_WITHIN)).pollInterval(Duration.ofMillis(20)).until(() -> {
			runner.run(RunMode.DRAIN);
			return System.nanoTime() - windowStart >= window.toNanos();
		});
		int requests = this.provider.requestCount() - requestsWhenOpened;
		long pauses = Duration.ofNanos(System.nanoTime() - windowStart).toMillis() / openDuration.toMillis();
		assertThat(requests).as("while open, at most one probe per pause reaches the provider (%d pauses)", pauses)
			.isBetween(1, (int) pauses + 2);
		assertThat(circuit.state()).as("every probe failed").isNotEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(this.provider.acceptedCount()).isZero();

		this.provider.behave((key, attempt) -> Answer.ACCEPT);
		drainUntilSettled(instance);

		Ledger ledger = ledger("provider 5xx for a long stretch, then healthy");
		assertHolds(ledger);
		assertThat(ledger.failed()).as("none failed before its attempts ran out").isZero();
		assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void timeoutsAndConnectionResetsAreRetriedUntilEverythingIsSent() {
		seed();
		ConfigurableApplicationContext instance = instance();
		this.provider.behave((key, attempt) -> {
			int roll = Math.floorMod((key + attempt).hashCode(), 10);
			if (attempt <= 2 && roll < 2) {
				return Answer.STALL;
			}
			if (attempt <= 2 && roll < 4) {
				return Answer.DROP_CONNECTION;
			}
			return Answer.ACCEPT;
		});

		drainUntilSettled(instance);

		Ledger ledger = ledger("provider timeouts and connection resets");
		assertHolds(ledger);
		assertThat(ledger.sent()).isEqualTo(MESSAGES);
		assertThat(this.provider.requests()).extracting(Request::answer).contains(Answer.STALL, Answer.DROP_CONNECTION);
	}

	@Test
	void tooManyRequestsIsWaitedOutForTheRetryAfter() {
		seed();
		ConfigurableApplicationContext instance = instance();
		this.provider.behave((key, attempt) -> attempt == 1 ? Answer.TOO_MANY_REQUESTS : Answer.ACCEPT);

		drainUntilSettled(instance);

		Ledger ledger = ledger("429 with Retry-After");
		assertHolds(ledger);
		assertThat(ledger.sent()).isEqualTo(MESSAGES);
		Map<String, Request> first = new HashMap<>();
		for (Request request : this.provider.requests()) {
			first.putIfAbsent(request.idempotencyKey(), request);
			if (request.attempt() > 1) {
				assertThat(Duration.between(first.get(request.idempotencyKey()).receivedAt(), request.receivedAt()))
					.as("no retry before Retry-After")
					.isGreaterThanOrEqualTo(Duration.ofMillis(990));
			}
		}
	}

	@Test
	void poisonMessagesFailWithoutBlockingTheOthers() {
		seed(i -> i % 10 == 3);
		ConfigurableApplicationContext instance = instance(with(faultSettings(this.mongo.getLocalAddress().getPort()),
				"messaging.webhook.response-timeout", "2s"));
		this.provider.behave((key, attempt) -> Math.floorMod(key.hashCode(), 10) == 7 ? Answer.REFUSE : Answer.ACCEPT);

		drainUntilSettled(instance);

		Ledger ledger = ledger("poison messages: invalid data, permanent 4xx");
		assertHolds(ledger);
		Set<String> invalid = new HashSet<>();
		for (int i = 3; i < MESSAGES; i += 10) {
			invalid.add(this.inserted.get(i));
		}
		Map<String, Long> refused = this.provider.requests()
			.stream()
			.filter(request -> request.answer() == Answer.REFUSE)
			.collect(Collectors.groupingBy(Request::idempotencyKey, Collectors.counting()));
		assertThat(ledger.failed()).isEqualTo(invalid.size() + refused.size());
		assertThat(this.provider.requests()).extracting(Request::idempotencyKey)
			.as("invalid messages are never sent")
			.doesNotContainAnyElementsOf(invalid);
		assertThat(refused.values()).as("a refused message is not retried").allMatch(posts -> posts == 1);
	}

	@Test
	void acceptedButLostResponsesAreResentWithTheSameKeyAndDeliveredOnce() {
		seed();
		ConfigurableApplicationContext instance = instance(with(faultSettings(this.mongo.getLocalAddress().getPort()),
				"messaging.webhook.response-timeout", "2s"));
		this.provider.behave((key, attempt) -> attempt == 1 && Math.floorMod(key.hashCode(), 10) < 3
				? Answer.ACCEPT_AND_LOSE_RESPONSE : Answer.ACCEPT);

		drainUntilSettled(instance);

		Ledger ledger = ledger("accepted, response lost");
		assertHolds(ledger);
		assertThat(ledger.sent()).isEqualTo(MESSAGES);
		long lost = this.provider.requests()
			.stream()
			.filter(r -> r.answer() == Answer.ACCEPT_AND_LOSE_RESPONSE)
			.count();
		assertThat(ledger.wireDuplicates()).as("each lost response is one resend of the same key")
			.isEqualTo((int) lost);
		assertThat(this.provider.acceptedByKey().values())
			.allSatisfy(times -> assertThat(times).isLessThanOrEqualTo(2));
	}

	@Test
	void redisStoppedMidRunAndStartedAgainNeitherStopsNorRepeatsSends() throws Exception {
		seed();
		int port = freePort();
		RedisServer redis = redis(port);
		redis.start();
		List<String> settings = faultSettings(this.mongo.getLocalAddress().getPort());
		settings.add("--messaging.store.redis-url=redis://127.0.0.1:" + port);
		with(settings, "messaging.delivery.max-per-second", Math.max(500, MESSAGES / 4));
		with(settings, "spring.data.redis.timeout", "300ms");
		with(settings, "messaging.webhook.response-timeout", "2s");
		ConfigurableApplicationContext instance = instance(settings);
		ExecutorService background = Executors.newSingleThreadExecutor();
		try {
			Future<?> draining = background.submit(() -> drainUntilSettled(instance));
			await().atMost(SETTLE_WITHIN).until(() -> sent() > MESSAGES / 4);
			redis.stop();
			long sentWhenStopped = sent();
			await().atMost(SETTLE_WITHIN).until(() -> sent() > sentWhenStopped + MESSAGES / 10);
			redis = redis(port);
			redis.start();
			draining.get(SETTLE_WITHIN.toSeconds(), TimeUnit.SECONDS);
		}
		finally {
			background.shutdownNow();
		}
		try {
			Ledger ledger = ledger("Redis stopped mid-run and started again");
			assertHolds(ledger);
			assertThat(ledger.sent()).isEqualTo(MESSAGES);
			assertThat(ledger.wireDuplicates()).isZero();
			assertThat(instance.getBean(MeterRegistry.class).counter("messaging.cache.write.failures").count())
				.isPositive();
			String last = this.inserted.get(MESSAGES - 1);
			assertThat(instance.getBean(StringRedisTemplate.class).hasKey("message:" + last))
				.as("cache writes resumed after Redis came back")
				.isTrue();
		}
		finally {
			redis.stop();
		}
	}

	@Test
	void storeUnavailableMidRunLosesNothingAndResumes() throws Exception {
		seed();
		try (TcpProxy proxy = TcpProxy.to(this.mongo.getLocalAddress().getPort())) {
			List<String> settings = faultSettings(proxy.port());
			with(settings, "messaging.delivery.max-per-second", Math.max(500, MESSAGES / 4));
			with(settings, "messaging.store.mongo-server-selection-timeout", "500ms");
			ConfigurableApplicationContext instance = instance(settings);
			DispatchRunner runner = instance.getBean(DispatchRunner.class);
			AtomicBoolean cut = new AtomicBoolean();
			AtomicBoolean failedBeforeTheCut = new AtomicBoolean();
			CountDownLatch failedInTheOutage = new CountDownLatch(1);
			AtomicBoolean restored = new AtomicBoolean();
			// the store goes away while a chunk is being POSTed: its outcomes cannot be
			// recorded
			String trigger = this.inserted.get(MESSAGES / 2);
			this.provider.behave((key, attempt) -> {
				if (key.equals(trigger) && cut.compareAndSet(false, true)) {
					proxy.cut();
				}
				return Answer.ACCEPT;
			});
			ExecutorService background = Executors.newSingleThreadExecutor();
			try {
				// one run after another, as the schedule would start them, until the
				// store is back
				Future<?> dispatching = background.submit(() -> {
					while (!restored.get()) {
						if (runner.run(RunMode.DRAIN).outcome() != RunReport.Outcome.FAILED) {
							continue;
						}
						if (cut.get()) {
							failedInTheOutage.countDown();
						}
						else {
							failedBeforeTheCut.set(true);
						}
					}
					return null;
				});
				assertThat(failedInTheOutage.await(SETTLE_WITHIN.toSeconds(), TimeUnit.SECONDS))
					.as("a run broke off in the outage")
					.isTrue();
				proxy.restore();
				restored.set(true);
				dispatching.get(SETTLE_WITHIN.toSeconds(), TimeUnit.SECONDS);
				assertThat(failedBeforeTheCut).as("no run failed before the cut").isFalse();
			}
			finally {
				background.shutdownNow();
			}
			drainUntilSettled(instance);
		}

		Ledger ledger = ledger("store unavailable mid-run and back");
		assertHolds(ledger);
		assertThat(ledger.sent()).isEqualTo(MESSAGES);
		assertThat(ledger.wireDuplicates()).as("outcomes the store missed are recorded when it is back, not sent again")
			.isZero();
	}

	private ConfigurableApplicationContext skewedInstance(Duration skew, String setting, Object value) {
		return skewedInstance(skew, with(skewedSettings(), setting, value));
	}

	private ConfigurableApplicationContext skewedInstance(Duration skew) {
		return skewedInstance(skew, skewedSettings());
	}

	private ConfigurableApplicationContext skewedInstance(Duration skew, List<String> settings) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(MessageDispatchApplication.class)
			.initializers(ctx -> ctx.addBeanFactoryPostProcessor(factory -> {
				BeanDefinitionRegistry registry = (BeanDefinitionRegistry) factory;
				registry.removeBeanDefinition("clock");
				registry.registerBeanDefinition("clock",
						new RootBeanDefinition(Clock.class, () -> Clock.offset(Clock.systemUTC(), skew)));
			}))
			.run(settings.toArray(String[]::new));
		this.instances.add(context);
		return context;
	}

	/**
	 * Generous timeouts: this scenario is about locks, claims and clocks, and a timeout
	 * would resend on purpose.
	 */
	private List<String> skewedSettings() {
		List<String> settings = faultSettings(this.mongo.getLocalAddress().getPort());
		with(settings, "messaging.webhook.response-timeout", "5s");
		return settings;
	}

	private static RedisServer redis(int port) throws IOException {
		return RedisServer.newRedisServer().bind("127.0.0.1").port(port).setting("save \"\"").build();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
