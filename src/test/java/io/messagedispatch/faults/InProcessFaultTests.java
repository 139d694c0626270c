package io.messagedispatch.faults;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.HashSet;
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
import io.messagedispatch.dispatch.DispatchRunner;
import io.messagedispatch.dispatch.DispatchRuns;
import io.messagedispatch.dispatch.RunMode;
import io.messagedispatch.dispatch.RunReport;
import io.messagedispatch.provider.CircuitBreaker;
import io.messagedispatch.support.FaultyProvider.Answer;
import io.messagedispatch.support.FaultyProvider.Request;
import io.messagedispatch.support.TcpProxy;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
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
 * Fault scenarios 2 to 9 with the service running in this JVM against a loopback store, Redis and provider: whatever
 * fails, the ledger holds.
 */
class InProcessFaultTests extends FaultScenarioSupport {

	@ParameterizedTest(name = "{0} instances")
	@ValueSource(ints = { 2, 3 })
	void instancesAtOnceWithAnExpiredLockAndClocksFiveSecondsApartSendEachMessageOnce(int count) throws Exception {
		seed();
		List<ConfigurableApplicationContext> cluster = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			cluster.add(skewedInstance(Duration.ofSeconds(5L * (i - count / 2))));
		}
		for (ConfigurableApplicationContext instance : cluster) {
			instance.getBean(DispatchRunner.class);
		}
		AtomicBoolean done = new AtomicBoolean();
		ExecutorService pool = Executors.newFixedThreadPool(count + 1);
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
					// as if the lock had expired while its holder was still running
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

		Ledger ledger = ledger(count + " instances, expired lock, clocks 5 s apart");
		assertHolds(ledger);
		assertThat(ledger.sent()).isEqualTo(MESSAGES);
		assertThat(ledger.wireDuplicates()).as("claims keep concurrent runs apart").isZero();
		assertThat(cluster.get(0).getBean(DispatchRuns.class).latest(100)).extracting(RunReport::instance)
			.as("more than one instance ran")
			.hasSizeGreaterThan(1);
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
		// dispatch keeps running against the failing provider until ten circuit pauses have passed by the clock
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
		ConfigurableApplicationContext instance = instance(
				with(faultSettings(this.mongo.getLocalAddress().getPort()), "messaging.webhook.response-timeout", "2s"));
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
		ConfigurableApplicationContext instance = instance(
				with(faultSettings(this.mongo.getLocalAddress().getPort()), "messaging.webhook.response-timeout", "2s"));
		this.provider.behave((key, attempt) -> attempt == 1 && Math.floorMod(key.hashCode(), 10) < 3
				? Answer.ACCEPT_AND_LOSE_RESPONSE : Answer.ACCEPT);

		drainUntilSettled(instance);

		Ledger ledger = ledger("accepted, response lost");
		assertHolds(ledger);
		assertThat(ledger.sent()).isEqualTo(MESSAGES);
		long lost = this.provider.requests().stream().filter(r -> r.answer() == Answer.ACCEPT_AND_LOSE_RESPONSE).count();
		assertThat(ledger.wireDuplicates()).as("each lost response is one resend of the same key").isEqualTo((int) lost);
		assertThat(this.provider.acceptedByKey().values()).allSatisfy(times -> assertThat(times).isLessThanOrEqualTo(2));
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
			ExecutorService background = Executors.newSingleThreadExecutor();
			try {
				// one run after another, as the schedule would start them, until the store is back
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
				await().atMost(SETTLE_WITHIN).until(() -> sent() > MESSAGES / 4);
				cut.set(true);
				proxy.cut();
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
		assertThat(ledger.wireDuplicates()).as("at most the chunk in flight is sent again").isLessThanOrEqualTo(50);
	}

	private ConfigurableApplicationContext skewedInstance(Duration skew) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(MessageDispatchApplication.class)
			.initializers(ctx -> ctx.addBeanFactoryPostProcessor(factory -> {
				BeanDefinitionRegistry registry = (BeanDefinitionRegistry) factory;
				registry.removeBeanDefinition("clock");
				registry.registerBeanDefinition("clock",
						new RootBeanDefinition(Clock.class, () -> Clock.offset(Clock.systemUTC(), skew)));
			}))
			.run(skewedSettings().toArray(String[]::new));
		this.instances.add(context);
		return context;
	}

	/** Generous timeouts: this scenario is about locks, claims and clocks, and a timeout would resend on purpose. */
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
