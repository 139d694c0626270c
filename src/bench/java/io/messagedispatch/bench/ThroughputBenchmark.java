package io.messagedispatch.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.messagedispatch.MessageDispatchApplication;
import io.messagedispatch.dispatch.ProcessorSwitch;
import io.messagedispatch.dispatch.RunMode;
import io.messagedispatch.dispatch.RunReport;
import io.messagedispatch.dispatch.run.DispatchRunner;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * {@code make bench}: drains a seeded backlog with the real dispatch job and with the seed-style loop, on loopback,
 * in one run, and prints them side by side. The service (and the baseline) run in this JVM; the store and the
 * provider run in a second one so this JVM's heap and RSS are the service's alone. Not a test: it never runs in
 * {@code make test}.
 */
public final class ThroughputBenchmark {

	static final String DATABASE = "message_bench";

	private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

	private static final Duration CACHE_TTL = Duration.ofMinutes(10);

	private static final Path RESULTS = Path.of("target", "bench", "results.jsonl");

	private final BenchOptions options;

	private final StoreProcess stores;

	private final ConfigurableApplicationContext service;

	private final ServiceProbe probe;

	private final boolean embeddedStore;

	private final long redisPid;

	private ThroughputBenchmark(BenchOptions options, StoreProcess stores, ConfigurableApplicationContext service,
			ServiceProbe probe, boolean embeddedStore) {
		this.options = options;
		this.stores = stores;
		this.service = service;
		this.probe = probe;
		this.embeddedStore = embeddedStore;
		this.redisPid = redisPid(service);
	}

	private static long redisPid(ConfigurableApplicationContext service) {
		try (RedisConnection connection = service.getBean(RedisConnectionFactory.class).getConnection()) {
			return Long.parseLong(connection.serverCommands().info("server").getProperty("process_id"));
		}
		catch (RuntimeException ex) {
			return -1;
		}
	}

	public static void main(String[] args) throws Exception {
		BenchOptions options = BenchOptions.parse(args);
		String mongoUri = System.getenv("MONGODB_URI");
		boolean embeddedStore = mongoUri == null || mongoUri.isBlank();
		System.out.printf("Starting the store and provider JVM (%s)...%n",
				embeddedStore ? "embedded mongo-java-server, memory backend" : "MongoDB at MONGODB_URI");
		try (StoreProcess stores = StoreProcess.start(embeddedStore ? "embedded" : mongoUri, DATABASE,
				options.providerThreads(), options.storeHeap())) {
			ServiceProbe probe = new ServiceProbe();
			ConfigurableApplicationContext service = startService(options, stores, probe);
			try {
				new ThroughputBenchmark(options, stores, service, probe, embeddedStore).run();
			}
			finally {
				service.close();
			}
		}
		System.exit(0);
	}

	private static ConfigurableApplicationContext startService(BenchOptions options, StoreProcess stores,
			ServiceProbe probe) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
				"--messaging.store.mongodb-uri=" + stores.mongoUri, "--spring.mongodb.database=" + DATABASE,
				"--messaging.store.embedded-mongo-port=0", "--messaging.store.data-dir=",
				"--messaging.webhook.url=" + stores.providerUrl, "--messaging.webhook.auth-key=bench-key",
				"--messaging.processor.initial-delay=1h", "--messaging.processor.interval=1h",
				"--messaging.processor.batch-size=" + options.messages(),
				"--messaging.processor.chunk-size=" + options.chunkSize(),
				"--messaging.processor.send-concurrency=" + options.sendConcurrency(),
				"--messaging.processor.max-run-duration=" + options.maxMinutes() + "m",
				"--messaging.cache.ttl=" + CACHE_TTL.toMinutes() + "m", "--logging.level.root=WARN",
				"--logging.level.io.messagedispatch=WARN", "--logging.level.de.bwaldvogel=ERROR"));
		String redisUrl = System.getenv("REDIS_URL");
		if (redisUrl != null && !redisUrl.isBlank()) {
			args.add("--messaging.store.redis-url=" + redisUrl);
		}
		return new SpringApplicationBuilder(MessageDispatchApplication.class)
			.initializers(context -> context.getBeanFactory().addBeanPostProcessor(probe))
			.run(args.toArray(String[]::new));
	}

	private void run() throws Exception {
		printSetup();
		if (this.options.warmup() > 0) {
			System.out.printf("%nWarm-up: %,d messages for each contender (not reported)%n", this.options.warmup());
			runService(this.options.warmup(), true);
			if (this.options.baseline()) {
				runBaseline(this.options.warmup(), true);
			}
		}
		List<double[]> rates = new ArrayList<>();
		for (int round = 1; round <= this.options.rounds(); round++) {
			System.out.printf("%nRound %d of %d: %,d messages%n", round, this.options.rounds(), this.options.messages());
			RunResult service;
			RunResult baseline = null;
			if (!this.options.baseline()) {
				service = runService(this.options.messages(), false);
			}
			else if (round % 2 == 1) {
				service = runService(this.options.messages(), false);
				baseline = runBaseline(this.options.messages(), false);
			}
			else {
				baseline = runBaseline(this.options.messages(), false);
				service = runService(this.options.messages(), false);
			}
			printTable(round, service, baseline);
			writeJson(round, service, baseline);
			if (baseline != null) {
				rates.add(new double[] { service.rate(), baseline.rate(), service.rate() / baseline.rate() });
			}
		}
		if (rates.size() > 1) {
			printSpread(rates);
		}
		System.out.printf("%nResults appended to %s%n", RESULTS);
	}

	private RunResult runService(int count, boolean warmup) throws Exception {
		seed(count);
		DispatchRunner runner = this.service.getBean(DispatchRunner.class);
		ProcessorSwitch processor = this.service.getBean(ProcessorSwitch.class);
		processor.start();
		boolean rssReset = ProcessMemory.resetPeaks();
		this.probe.reset();
		AtomicReference<RunReport> report = new AtomicReference<>();
		long[] cpuBefore = cpuSnapshot();
		long started = System.nanoTime();
		Thread drain = new Thread(() -> report.set(runner.run(RunMode.DRAIN)), "bench-service");
		drain.start();
		boolean stopped = follow("service", drain, this.probe.done, count, started, processor::stop);
		long ended = System.nanoTime();
		long[] cpuAfter = cpuSnapshot();
		processor.start();
		RunReport run = report.get();
		if (run.outcome() != RunReport.Outcome.COMPLETED) {
			throw new IllegalStateException("The dispatch run did not complete: " + run.error());
		}
		Map<String, Double> breakdown = new LinkedHashMap<>();
		long done = this.probe.done.get();
		breakdown.put("record", perMessage(this.probe.recordNanos.get(), done));
		breakdown.put("cache", perMessage(this.probe.cacheNanos.get(), done));
		breakdown.put("claimAndFramework", RunResult.round(this.probe.overheadPerMessage.meanMicros())
				- perMessage(this.probe.recordNanos.get() + this.probe.cacheNanos.get(), done));
		return result("service", count, done, !stopped && run.sent() == count, started, ended,
				this.probe.providerLatency, this.probe.overheadPerMessage, breakdown, cpuPerMessage(cpuBefore, cpuAfter, done),
				busyPercent(cpuBefore, cpuAfter), rssReset, warmup);
	}

	private RunResult runBaseline(int count, boolean warmup) throws Exception {
		seed(count);
		SeedStyleBaseline baseline = new SeedStyleBaseline(
				this.service.getBean(MongoTemplate.class).getCollection("messages"),
				this.service.getBean(StringRedisTemplate.class), this.service.getBean(JsonMapper.class),
				this.stores.providerUrl, this.options.chunkSize(), CACHE_TTL);
		boolean rssReset = ProcessMemory.resetPeaks();
		AtomicReference<Exception> failure = new AtomicReference<>();
		long deadline = System.nanoTime() + Duration.ofMinutes(this.options.maxMinutes()).toNanos();
		long[] cpuBefore = cpuSnapshot();
		long started = System.nanoTime();
		Thread drain = new Thread(() -> {
			try {
				baseline.drain(() -> System.nanoTime() > deadline);
			}
			catch (Exception ex) {
				failure.set(ex);
			}
		}, "bench-baseline");
		drain.start();
		follow("baseline", drain, baseline.done, count, started, () -> {
		});
		long ended = System.nanoTime();
		long[] cpuAfter = cpuSnapshot();
		if (failure.get() != null) {
			throw failure.get();
		}
		long done = baseline.done.get();
		return result("baseline", count, done, done == count, started, ended, baseline.providerLatency,
				baseline.overheadPerMessage, Map.of(), cpuPerMessage(cpuBefore, cpuAfter, done),
				busyPercent(cpuBefore, cpuAfter), rssReset, warmup);
	}

	private RunResult result(String contender, int count, long done, boolean complete, long started, long ended,
			Histogram latency, Histogram overhead, Map<String, Double> breakdown, Map<String, Double> cpu,
			double machineBusy, boolean rssReset, boolean warmup) throws IOException {
		String[] stats = this.stores.ask("provider-stats", "stats").split(" ");
		long requests = Long.parseLong(stats[1]);
		long repeats = Long.parseLong(stats[2]);
		if (!rssReset) {
			System.out.println("Note: the RSS peak could not be reset; it covers the JVM's whole life.");
		}
		Map<MessageStatus, Long> counts = this.service.getBean(Messages.class).countByStatus();
		if (!warmup) {
			System.out.printf("[%s] done: %,d of %,d sent in %.1f s; store: %s; provider saw %,d requests, %,d repeats%n",
					contender, done, count, (ended - started) / 1e9, counts, requests, repeats);
		}
		return new RunResult(contender, done, complete, (ended - started) / 1e9, requests, repeats,
				latency.percentileMicros(50), latency.percentileMicros(99), overhead.percentileMicros(50),
				overhead.percentileMicros(99), overhead.meanMicros(), ProcessMemory.peakHeap(),
				ProcessMemory.peakRss(), ProcessMemory.rss(), breakdown, cpu, machineBusy);
	}

	/** CPU time so far of the service JVM, the store and provider JVM and Redis, and of the machine. */
	private long[] cpuSnapshot() {
		long[] machine = CpuClock.machineTicks();
		return new long[] { CpuClock.processMicros(ProcessHandle.current().pid()), CpuClock.processMicros(this.stores.pid),
				this.redisPid < 0 ? -1 : CpuClock.processMicros(this.redisPid), machine[0], machine[1] };
	}

	private static Map<String, Double> cpuPerMessage(long[] before, long[] after, long messages) {
		Map<String, Double> cpu = new LinkedHashMap<>();
		String[] names = { "serviceJvm", "storeAndProviderJvm", "redis" };
		for (int i = 0; i < names.length; i++) {
			if (before[i] >= 0 && after[i] >= 0 && messages > 0) {
				cpu.put(names[i], RunResult.round((after[i] - before[i]) / (double) messages));
			}
		}
		return cpu;
	}

	private static double busyPercent(long[] before, long[] after) {
		long total = after[4] - before[4];
		return total == 0 ? 0 : 100.0 * (after[3] - before[3]) / total;
	}

	private static double perMessage(long nanos, long messages) {
		return messages == 0 ? 0 : RunResult.round(nanos / 1_000.0 / messages);
	}

	private void seed(int count) throws IOException {
		System.out.printf("Seeding %,d messages...%n", count);
		String seeded = this.stores.ask("seed " + count, "seeded");
		this.stores.ask("provider-reset", "ok");
		System.out.printf("Seeded in %.1f s%n", Long.parseLong(seeded.split(" ")[1]) / 1000.0);
	}

	/**
	 * Prints progress until the drain ends; past the time limit it calls {@code stop} once and waits for the drain
	 * to end between chunks. Returns whether it had to stop it.
	 */
	private boolean follow(String contender, Thread drain, AtomicLong done, int count, long started, Runnable stop)
			throws InterruptedException {
		long deadline = started + Duration.ofMinutes(this.options.maxMinutes()).toNanos();
		boolean stopped = false;
		long lastDone = 0;
		long lastAt = started;
		while (drain.isAlive()) {
			drain.join(PROGRESS_EVERY.toMillis());
			long now = System.nanoTime();
			long current = done.get();
			if (drain.isAlive()) {
				System.out.printf(Locale.ROOT, "[%s] %,d / %,d done, %,.0f msg/s now, %,.0f msg/s overall, heap %d MB%n",
						contender, current, count, (current - lastDone) / ((now - lastAt) / 1e9),
						current / ((now - started) / 1e9), ProcessMemory.heapUsed() >> 20);
			}
			lastDone = current;
			lastAt = now;
			if (!stopped && now > deadline) {
				System.out.printf("[%s] time limit of %d min reached: stopping%n", contender, this.options.maxMinutes());
				stop.run();
				stopped = true;
			}
		}
		return stopped;
	}

	private void printSetup() {
		var runtime = ManagementFactory.getRuntimeMXBean();
		System.out.printf("%nThroughput benchmark: %,d messages, chunk %d, send concurrency %d%n", this.options.messages(),
				this.options.chunkSize(), this.options.sendConcurrency());
		System.out.printf("Machine: %d cores, Java %s, service JVM flags %s (max heap %d MB)%n",
				Runtime.getRuntime().availableProcessors(), Runtime.version(), runtime.getInputArguments(),
				Runtime.getRuntime().maxMemory() >> 20);
		System.out.printf("Store: %s, database %s, in a separate JVM (pid %d, -Xmx%s)%n",
				this.embeddedStore ? "embedded mongo-java-server 1.47.0 (memory backend) at " + this.stores.mongoUri
						: "MongoDB at MONGODB_URI",
				DATABASE, this.stores.pid, this.options.storeHeap());
		System.out.printf("Provider: JDK HttpServer on %s, %d threads, in the store JVM%n", this.stores.providerUrl,
				this.options.providerThreads());
		System.out.printf("Redis: %s%n", redisDescription());
		System.out.println("Heap and RSS below are the service JVM's alone (the store and provider run in the other JVM).");
	}

	private String redisDescription() {
		String redisUrl = System.getenv("REDIS_URL");
		if (redisUrl != null && !redisUrl.isBlank()) {
			return "REDIS_URL (" + redisUrl.replaceAll("//[^@]*@", "//***@") + ")";
		}
		RedisConnectionFactory factory = this.service.getBean(RedisConnectionFactory.class);
		int port = factory instanceof LettuceConnectionFactory lettuce ? lettuce.getPort() : -1;
		return "embedded redis-server on 127.0.0.1:" + port + " (a separate process)";
	}

	private void printTable(int round, RunResult service, RunResult baseline) {
		System.out.printf("%nRound %d: %,d messages, loopback, %s store%n", round, this.options.messages(),
				this.embeddedStore ? "embedded mongo-java-server" : "MONGODB_URI");
		List<RunResult> results = baseline == null ? List.of(service) : List.of(service, baseline);
		row("", results, result -> result.contender().equals("service") ? "service" : "seed-style baseline");
		row("messages sent", results, ThroughputBenchmark::count);
		row("wall time", results, result -> seconds(result.seconds()));
		row("messages/s", results, result -> number(result.rate()));
		row("wall time per message", results, result -> micros(result.costMicros()));
		row("provider request p50 / p99", results, result -> pair(result.latencyP50(), result.latencyP99()));
		row("overhead per message p50 / p99", results, result -> pair(result.overheadP50(), result.overheadP99()));
		row("overhead per message mean", results, result -> micros(result.overheadMean()));
		row("peak heap (service JVM)", results, result -> megabytes(result.peakHeapBytes()));
		row("peak RSS (service JVM, VmHWM)", results, result -> megabytes(result.peakRssBytes()));
		row("provider requests / repeats", results,
				result -> String.format("%,d / %,d", result.providerRequests(), result.providerRepeats()));
		row("CPU per message: service JVM", results, result -> micros(result.cpu().getOrDefault("serviceJvm", -1.0)));
		row("CPU per message: store+provider JVM", results,
				result -> micros(result.cpu().getOrDefault("storeAndProviderJvm", -1.0)));
		row("CPU per message: Redis", results, result -> micros(result.cpu().getOrDefault("redis", -1.0)));
		row("machine busy (all processes)", results, result -> percent(result.machineBusy()));
		if (baseline != null) {
			System.out.printf("%-36s %22s%n", "ratio service / baseline (msg/s)",
					String.format(Locale.ROOT, "%.2fx", service.rate() / baseline.rate()));
		}
		System.out.printf("Service overhead breakdown (us per message): %s%n", service.breakdown());
		System.out.println("Provider request: time in the client from sending a POST to reading its answer.");
		System.out.println("Overhead per message: service - per chunk, the wall time during which none of its POSTs"
				+ " was in flight (claim, mark, cache, batch framework), divided by its messages; baseline - per"
				+ " message, the time not spent in its POST plus its share of the page query.");
	}

	private static void row(String name, List<RunResult> results, Function<RunResult, String> value) {
		StringBuilder line = new StringBuilder(String.format("%-36s", name));
		results.forEach(result -> line.append(String.format(" %22s", value.apply(result))));
		System.out.println(line);
	}

	private void writeJson(int round, RunResult service, RunResult baseline) throws IOException {
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("timestamp", Instant.now().toString());
		line.put("round", round);
		line.put("messages", this.options.messages());
		line.put("chunkSize", this.options.chunkSize());
		line.put("sendConcurrency", this.options.sendConcurrency());
		line.put("store", this.embeddedStore ? "embedded mongo-java-server 1.47.0 memory backend, separate JVM"
				: "MONGODB_URI");
		line.put("redis", redisDescription());
		line.put("cores", Runtime.getRuntime().availableProcessors());
		line.put("serviceMaxHeapBytes", Runtime.getRuntime().maxMemory());
		line.put("serviceJvmFlags", ManagementFactory.getRuntimeMXBean().getInputArguments());
		line.put("service", service.toMap());
		if (baseline != null) {
			line.put("baseline", baseline.toMap());
			line.put("ratio", RunResult.round(service.rate() / baseline.rate()));
		}
		Files.createDirectories(RESULTS.getParent());
		Files.writeString(RESULTS, JsonMapper.builder().build().writeValueAsString(line) + System.lineSeparator(),
				StandardOpenOption.CREATE, StandardOpenOption.APPEND);
	}

	private static void printSpread(List<double[]> rates) {
		System.out.printf("%nSpread over %d rounds (min / median / max):%n", rates.size());
		String[] names = { "service msg/s", "baseline msg/s", "ratio" };
		for (int i = 0; i < names.length; i++) {
			int column = i;
			double[] values = rates.stream().mapToDouble(rate -> rate[column]).sorted().toArray();
			System.out.printf(Locale.ROOT, "  %-16s %,.1f / %,.1f / %,.1f%n", names[i], values[0],
					values[values.length / 2], values[values.length - 1]);
		}
	}

	private static String count(RunResult result) {
		return String.format("%,d%s", result.messages(), result.complete() ? "" : " (partial)");
	}

	private static String seconds(double seconds) {
		return String.format(Locale.ROOT, "%.1f s", seconds);
	}

	private static String number(double value) {
		return String.format(Locale.ROOT, "%,.0f", value);
	}

	private static String micros(double micros) {
		return String.format(Locale.ROOT, "%.1f us", micros);
	}

	private static String pair(double first, double second) {
		return String.format(Locale.ROOT, "%.2f / %.2f ms", first / 1000, second / 1000);
	}

	private static String percent(double value) {
		return String.format(Locale.ROOT, "%.0f %%", value);
	}

	private static String megabytes(long bytes) {
		return bytes < 0 ? "n/a" : (bytes >> 20) + " MB";
	}

}
