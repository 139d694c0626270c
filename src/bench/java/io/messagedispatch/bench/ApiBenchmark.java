package io.messagedispatch.bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.messagedispatch.MessageDispatchApplication;
import io.messagedispatch.message.Attempt;
import io.messagedispatch.message.Delivery;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessagePriority;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.mongo.AttemptDocuments;
import io.messagedispatch.message.mongo.MessageDocuments;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.FileSystemUtils;

/**
 * {@code make bench-api}: how fast the service answers the reads its users make, with the
 * store full. For each store (the embedded default, H2 on disk, and the memory backend)
 * and each size, it launches the service in its own JVM on embedded defaults, fills the
 * store through the service's embedded MongoDB port with messages shaped like the
 * service's own (sent, retried, failed, delivered, waiting, expired, cancelled, each with
 * its attempt log), then, after a warm-up of every read, drives each read from this JVM with a fixed number of
 * connections, each sending its next request when the last one answered (a closed loop),
 * over loopback, from wrk when it is installed. It reports requests per second, latency percentiles and the service
 * process's CPU time per request, which is what a bigger store would make grow.
 * Arguments: {@code sizes=1000,100000}, {@code stores=h2,memory}, {@code connections=100},
 * {@code reads=sent,phone,newest,one,attempts} (which reads), {@code seconds=10} per read, {@code warmup=5} seconds per read (unreported),
 * {@code load=auto} (wrk when installed, else this JVM; or {@code wrk}, {@code jvm}) and
 * {@code jvm=flag,flag} for the service JVM (none by default, as the container runs it).
 */
public final class ApiBenchmark {

	private static final Path RESULTS = Path.of("target", "bench", "api-results.jsonl");

	private static final Pattern MONGO_PORT = Pattern.compile("Embedded MongoDB listening on mongodb://[^:]+:(\\d+)");

	private static final int MESSAGES_PER_PHONE = 10;

	private static final int SEED_BATCH = 5_000;

	private static final double P99_GOAL_MS = 50;

	private static final double COST_RATIO_GOAL = 1.5;

	private final Map<String, String> options;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final WrkLoad wrk;

	private ApiBenchmark(Map<String, String> options) {
		this.options = options;
		String load = options.get("load");
		if (!load.equals("auto") && !load.equals("wrk") && !load.equals("jvm")) {
			throw new IllegalArgumentException("load is auto, wrk or jvm, got " + load);
		}
		this.wrk = load.equals("jvm") ? null : WrkLoad.find();
		if (this.wrk == null && load.equals("wrk")) {
			throw new IllegalStateException("load=wrk but no wrk on the PATH (apt-get install wrk)");
		}
	}

	public static void main(String[] args) throws Exception {
		((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
		Map<String, String> options = new LinkedHashMap<>(Map.of("sizes", "1000,100000", "stores", "h2,memory",
				"connections", "100", "seconds", "10", "warmup", "5", "jvm", "", "load", "auto", "reads",
				"sent,phone,newest,one,attempts"));
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			if (pair.length != 2 || !options.containsKey(pair[0])) {
				throw new IllegalArgumentException("Expected one of " + options.keySet() + " as key=value, got " + arg);
			}
			options.put(pair[0], pair[1]);
		}
		new ApiBenchmark(options).run();
	}

	private void run() throws Exception {
		List<Integer> sizes = list("sizes").stream().map(size -> Integer.parseInt(size.replace("_", ""))).toList();
		List<String> stores = list("stores");
		stores.stream()
			.filter(store -> !store.equals("h2") && !store.equals("memory"))
			.findAny()
			.ifPresent(store -> {
				throw new IllegalArgumentException("stores are h2 or memory, got " + store);
			});
		int connections = number("connections");
		System.out.printf("API read benchmark: %d connections (closed loop) from %s, %d s per read after %d s of"
				+ " warm-up, %d cores, Java %s, service JVM flags %s%n", connections, loadName(),
				number("seconds"), number("warmup"), Runtime.getRuntime().availableProcessors(),
				System.getProperty("java.version"), list("jvm"));
		List<Row> rows = new ArrayList<>();
		for (String store : stores) {
			for (int size : sizes) {
				rows.addAll(measure(store, size, connections));
			}
		}
		print(rows, sizes);
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("timestamp", Instant.now().toString());
		line.put("cores", Runtime.getRuntime().availableProcessors());
		line.put("connections", connections);
		line.put("load", loadName());
		line.put("seconds", number("seconds"));
		line.put("serviceJvmFlags", list("jvm"));
		line.put("rows", rows.stream().map(Row::toMap).toList());
		String json = JsonMapper.builder().build().writeValueAsString(line);
		Files.createDirectories(RESULTS.getParent());
		Files.writeString(RESULTS, json + System.lineSeparator(), StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
		System.out.println(json);
		System.out.printf("Results appended to %s%n", RESULTS);
	}

	/** One service with {@code size} messages stored: every read, one after the other. */
	private List<Row> measure(String store, int size, int connections) throws Exception {
		System.out.printf("%n%s store, %,d messages: starting the service...%n", store, size);
		Path dataDir = Files.createTempDirectory("dispatch-api-bench-");
		Path log = Path.of("target", "bench", "api-" + store + "-" + size + ".log");
		Files.createDirectories(log.getParent());
		int port = freePort();
		Process service = launch(store, dataDir, port, log);
		try {
			String base = "http://127.0.0.1:" + port;
			awaitReady(base, service, log);
			Seeded seeded = seed(mongoPort(log), size);
			List<Read> reads = Stream
				.of(new Read("sent", "sent-messages", (i) -> "/processor/sent-messages?limit=10"),
						new Read("phone", "search by phone",
								(i) -> "/messages?limit=10&phoneNumber=%2B" + seeded.phone(i).substring(1)),
						new Read("newest", "newest messages", (i) -> "/messages?limit=10"),
						new Read("one", "one message", (i) -> "/messages/" + seeded.id(i)),
						new Read("attempts", "its attempts", (i) -> "/messages/" + seeded.id(i) + "/attempts"))
				.filter(read -> list("reads").contains(read.key))
				.toList();
			for (Read read : reads) {
				load(base, read, connections, number("warmup"), service.pid());
			}
			List<Row> rows = new ArrayList<>();
			for (Read read : reads) {
				Row row = new Row(store, size, read.name,
						load(base, read, connections, number("seconds"), service.pid()));
				System.out.println(row.line());
				rows.add(row);
			}
			return rows;
		}
		finally {
			service.destroy();
			if (!service.waitFor(30, TimeUnit.SECONDS)) {
				service.destroyForcibly();
			}
			FileSystemUtils.deleteRecursively(dataDir);
		}
	}

	private Process launch(String store, Path dataDir, int port, Path log) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(list("jvm"));
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), MessageDispatchApplication.class.getName(),
				"--server.port=" + port, "--messaging.store.embedded-mongo-port=" + freePort(),
				"--messaging.store.data-dir=" + (store.equals("h2") ? dataDir.toString() : ""),
				"--messaging.processor.auto-start=false", "--logging.level.root=WARN",
				"--logging.level.io.messagedispatch.store=INFO"));
		ProcessBuilder builder = new ProcessBuilder(command).directory(new File("."))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("APP_ENV", "dev");
		List.of("MONGODB_URI", "REDIS_URL", "WEBHOOK_URL", "OPERATOR_TOKEN", "CLIENT_KEYS")
			.forEach(builder.environment()::remove);
		return builder.start();
	}

	private void awaitReady(String base, Process service, Path log) throws Exception {
		HttpRequest status = HttpRequest.newBuilder(URI.create(base + "/processor/status"))
			.timeout(Duration.ofSeconds(5))
			.build();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (System.nanoTime() < deadline) {
			if (!service.isAlive()) {
				throw new IllegalStateException("The service ended before it answered; see " + log);
			}
			try {
				if (this.http.send(status, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException("The service did not answer within 120 s; see " + log);
	}

	private static int mongoPort(Path log) throws IOException {
		Matcher matcher = MONGO_PORT.matcher(Files.readString(log));
		if (!matcher.find()) {
			throw new IllegalStateException("No embedded MongoDB port in " + log);
		}
		return Integer.parseInt(matcher.group(1));
	}

	/**
	 * Fills the store with {@code size} messages created over the last week, ten for
	 * each phone number, in the shares a busy service keeps.
	 */
	private static Seeded seed(int mongoPort, int size) {
		long started = System.nanoTime();
		Instant now = Instant.now();
		Instant first = now.minus(Duration.ofDays(7));
		long spacingMillis = Duration.ofDays(7).toMillis() / size;
		int phones = Math.max(1, size / MESSAGES_PER_PHONE);
		List<String> ids = new ArrayList<>(size);
		try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + mongoPort)) {
			MongoCollection<Document> messages = client.getDatabase("message")
				.getCollection(MessageDocuments.COLLECTION);
			List<Document> batch = new ArrayList<>(SEED_BATCH);
			for (int i = 0; i < size; i++) {
				String id = new ObjectId().toHexString();
				ids.add(id);
				Instant created = first.plusMillis(i * spacingMillis);
				batch.add(document(id, phone(i % phones), created, i));
				if (batch.size() == SEED_BATCH || i == size - 1) {
					messages.insertMany(batch);
					batch.clear();
				}
			}
		}
		System.out.printf("Seeded %,d messages (%,d phone numbers) in %.1f s%n", size, phones,
				(System.nanoTime() - started) / 1e9);
		return new Seeded(ids, phones);
	}

	private static String phone(int index) {
		return "+9055" + String.format("%08d", index);
	}

	/** One message as the service leaves it, by the share of its kind. */
	private static Document document(String id, String phone, Instant created, int i) {
		int kind = i % 100;
		Message accepted = Message.accepted(id, phone, "Your code is " + (100_000 + i % 900_000), created);
		Instant sent = created.plusSeconds(2);
		List<Attempt> log = new ArrayList<>();
		Message message;
		if (kind < 80) {
			int failures = (kind < 70) ? 0 : 2;
			for (int attempt = 0; attempt < failures; attempt++) {
				log.add(new Attempt(created.plusSeconds(attempt), "bench-1", "run-" + i, Attempt.Outcome.RETRY, 503,
						"provider answered 503", 120, "{\"error\":\"busy\"}"));
			}
			log.add(new Attempt(sent, "bench-1", "run-" + i, Attempt.Outcome.SENT, 202, null, 80,
					"{\"message\":\"Accepted\",\"messageId\":\"wm-" + id + "\"}"));
			Delivery delivery = (kind < 60) ? new Delivery("delivered", sent.plusSeconds(3), null)
					: (kind < 65) ? new Delivery("undelivered", sent.plusSeconds(3), "30003") : null;
			message = settled(accepted, MessageStatus.SENT, failures + 1, sent, "wm-" + id, null, delivery);
		}
		else if (kind < 88) {
			for (int attempt = 0; attempt < 3; attempt++) {
				log.add(new Attempt(created.plusSeconds(attempt), "bench-1", "run-" + i,
						(attempt < 2) ? Attempt.Outcome.RETRY : Attempt.Outcome.FAILED, 500, "provider answered 500",
						150, "{\"error\":\"internal\"}"));
			}
			message = settled(accepted, MessageStatus.FAILED, 3, null, null, "provider answered 500", null);
		}
		else if (kind < 94) {
			message = accepted;
		}
		else {
			message = settled(accepted, (kind < 97) ? MessageStatus.EXPIRED : MessageStatus.CANCELLED, 0, null, null,
					null, null);
		}
		Document document = MessageDocuments.toDocument(message);
		if (!log.isEmpty()) {
			document.append(AttemptDocuments.LOG, AttemptDocuments.push(log).getDocument(AttemptDocuments.LOG)
				.getArray("$each")).append(AttemptDocuments.WRITTEN, log.size());
		}
		return document;
	}

	private static Message settled(Message accepted, MessageStatus status, int attempts, Instant sentAt,
			String webhookMessageId, String lastError, Delivery delivery) {
		Instant settledAt = accepted.createdAt().plusSeconds(3);
		return new Message(accepted.id(), accepted.phoneNumber(), accepted.content(), status, attempts,
				accepted.createdAt(), settledAt, accepted.nextAttemptAt(), sentAt, webhookMessageId, lastError, null,
				null, null, null, MessagePriority.NORMAL, null, settledAt, delivery);
	}

	/**
	 * Drives one read for {@code seconds} with {@code connections} connections, by wrk
	 * when it is installed (it takes far less CPU than a JVM client, and the CPU it leaves
	 * is the service's), else by this JVM; the service's CPU time is read around it.
	 */
	private Result load(String base, Read read, int connections, int seconds, long servicePid)
			throws IOException, InterruptedException {
		long cpuBefore = CpuClock.processMicros(servicePid);
		Result result = (this.wrk != null) ? this.wrk.load(base, read, connections, seconds)
				: loadFromThisJvm(base, read, connections, seconds);
		long cpuAfter = CpuClock.processMicros(servicePid);
		double requests = result.requestsPerSecond * result.seconds;
		return result.withServiceCpu((requests == 0 || cpuBefore < 0) ? Double.NaN : (cpuAfter - cpuBefore) / requests);
	}

	/**
	 * {@code connections} threads of this JVM, each sending a request as soon as its last
	 * one answered, for {@code seconds}.
	 */
	private Result loadFromThisJvm(String base, Read read, int connections, int seconds) throws InterruptedException {
		Histogram latencies = new Histogram();
		AtomicLong errors = new AtomicLong();
		AtomicBoolean running = new AtomicBoolean(true);
		CountDownLatch done = new CountDownLatch(connections);
		long loadCpuBefore = CpuClock.processMicros(ProcessHandle.current().pid());
		long started = System.nanoTime();
		for (int c = 0; c < connections; c++) {
			Thread worker = new Thread(() -> {
				try {
					while (running.get()) {
						int pick = ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE);
						HttpRequest request = HttpRequest.newBuilder(URI.create(base + read.path.apply(pick)))
							.timeout(Duration.ofSeconds(30))
							.build();
						long sent = System.nanoTime();
						try {
							HttpResponse<byte[]> response = this.http.send(request,
									HttpResponse.BodyHandlers.ofByteArray());
							if (response.statusCode() != 200) {
								errors.incrementAndGet();
							}
						}
						catch (IOException ex) {
							errors.incrementAndGet();
						}
						if (running.get()) {
							latencies.record(System.nanoTime() - sent);
						}
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				finally {
					done.countDown();
				}
			}, "load-" + c);
			worker.setDaemon(true);
			worker.start();
		}
		Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
		running.set(false);
		double elapsed = (System.nanoTime() - started) / 1e9;
		long loadCpuAfter = CpuClock.processMicros(ProcessHandle.current().pid());
		done.await(60, TimeUnit.SECONDS);
		long requests = latencies.count();
		double loadCpuPerRequest = (requests == 0 || loadCpuBefore < 0) ? Double.NaN
				: (double) (loadCpuAfter - loadCpuBefore) / requests;
		return new Result(requests / elapsed, latencies.percentileMicros(50) / 1000,
				latencies.percentileMicros(99) / 1000, latencies.maxMicros() / 1000, errors.get(), Double.NaN,
				loadCpuPerRequest, elapsed);
	}

	private static void print(List<Row> rows, List<Integer> sizes) {
		System.out.printf("%n%-7s %9s  %-16s %9s %9s %9s %9s %7s %12s %12s%n", "store", "messages", "read",
				"req/s", "p50 ms", "p99 ms", "max ms", "errors", "CPU us/req", "load us/req");
		rows.forEach(row -> System.out.println(row.line()));
		boolean p99Met = rows.stream().allMatch(row -> row.result.p99Ms < P99_GOAL_MS && row.result.errors == 0);
		System.out.printf("%nGoal p99 < %.0f ms at every size, no errors: %s%n", P99_GOAL_MS, p99Met ? "met" : "NOT met");
		if (sizes.size() > 1) {
			int smallest = sizes.stream().mapToInt(Integer::intValue).min().orElseThrow();
			int largest = sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
			System.out.printf("Service CPU per request at %,d messages / at %,d (goal <= %.1f):%n", largest, smallest,
					COST_RATIO_GOAL);
			for (Row row : rows) {
				if (row.size != largest) {
					continue;
				}
				rows.stream()
					.filter(small -> small.size == smallest && small.store.equals(row.store)
							&& small.read.equals(row.read))
					.findFirst()
					.ifPresent(small -> System.out.printf(Locale.ROOT, "  %-7s %-16s %.2f%n", row.store, row.read,
							row.result.cpuMicrosPerRequest / small.result.cpuMicrosPerRequest));
			}
		}
	}

	private String loadName() {
		return (this.wrk != null) ? this.wrk.version() : "this JVM (java.net.http)";
	}

	private List<String> list(String key) {
		return List.of(this.options.get(key).split("[\\s,]+")).stream().filter(value -> !value.isBlank()).toList();
	}

	private int number(String key) {
		return Integer.parseInt(this.options.get(key).trim());
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** One read: its name and the path of its {@code i}th request. */
	record Read(String key, String name, IntFunction<String> path) {
	}

	private record Seeded(List<String> ids, int phones) {

		String id(int pick) {
			return this.ids.get(pick % this.ids.size());
		}

		String phone(int pick) {
			return ApiBenchmark.phone(pick % this.phones);
		}

	}

	/**
	 * What one read measured; the service's CPU per request is added by
	 * {@link #withServiceCpu}.
	 */
	record Result(double requestsPerSecond, double p50Ms, double p99Ms, double maxMs, long errors,
			double cpuMicrosPerRequest, double loadCpuMicrosPerRequest, double seconds) {

		Result withServiceCpu(double micros) {
			return new Result(this.requestsPerSecond, this.p50Ms, this.p99Ms, this.maxMs, this.errors, micros,
					this.loadCpuMicrosPerRequest, this.seconds);
		}

	}

	private record Row(String store, int size, String read, Result result) {

		String line() {
			return String.format(Locale.ROOT, "%-7s %9d  %-16s %9.0f %9.1f %9.1f %9.1f %7d %12.0f %12.0f",
					this.store, this.size, this.read, this.result.requestsPerSecond, this.result.p50Ms,
					this.result.p99Ms, this.result.maxMs, this.result.errors, this.result.cpuMicrosPerRequest,
					this.result.loadCpuMicrosPerRequest);
		}

		Map<String, Object> toMap() {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("store", this.store);
			map.put("messages", this.size);
			map.put("read", this.read);
			map.put("requestsPerSecond", Math.round(this.result.requestsPerSecond));
			map.put("p50Ms", this.result.p50Ms);
			map.put("p99Ms", this.result.p99Ms);
			map.put("maxMs", this.result.maxMs);
			map.put("errors", this.result.errors);
			map.put("cpuMicrosPerRequest", Math.round(this.result.cpuMicrosPerRequest));
			map.put("loadCpuMicrosPerRequest", Math.round(this.result.loadCpuMicrosPerRequest));
			return map;
		}

	}

}
