package io.messagedispatch.bench;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.sun.net.httpserver.HttpServer;
import de.bwaldvogel.mongo.MongoServer;
import io.messagedispatch.store.embedded.IndexedH2Backend;
import io.messagedispatch.MessageDispatchApplication;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.Messages;
import io.messagedispatch.message.mongo.MessageCollection;
import org.bson.types.ObjectId;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * {@code make bench-start}: how long after its JVM starts the service, on embedded defaults ({@code APP_ENV=dev},
 * embedded MongoDB with its data on disk, embedded Redis), POSTs a message that was waiting in the queue when it
 * started: a restart with a backlog. The provider is a stub in this JVM that notes when the first POST arrives.
 * Arguments: {@code runs=N} (3) and {@code jvm=flag,flag} for the service JVM (by default the flag
 * {@code make run} launches it with).
 */
public final class StartupBenchmark {

	private static final Path RESULTS = Path.of("target", "bench", "start-results.jsonl");

	private static final Pattern STARTED = Pattern
		.compile("Started MessageDispatchApplication in ([0-9.]+) seconds \\(process running for ([0-9.]+)\\)");

	private static final Pattern RUN_ENDED = Pattern.compile("Dispatch run \\S+ \\(SCHEDULED\\) [A-Z]+");

	private StartupBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
		Map<String, String> options = new LinkedHashMap<>(Map.of("runs", "3", "jvm", "-XX:TieredStopAtLevel=1"));
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			if (pair.length != 2 || !options.containsKey(pair[0])) {
				throw new IllegalArgumentException("Expected runs=N or jvm=flags, got " + arg);
			}
			options.put(pair[0], pair[1]);
		}
		int runs = Integer.parseInt(options.get("runs"));
		List<String> jvm = Arrays.stream(options.get("jvm").trim().split("[\\s,]+")).filter(f -> !f.isBlank()).toList();
		System.out.printf("Startup benchmark: %d runs, %d cores, service JVM flags %s%n", runs,
				Runtime.getRuntime().availableProcessors(), jvm);
		List<double[]> results = new ArrayList<>();
		for (int run = 1; run <= runs; run++) {
			double[] result = measure(run, jvm);
			results.add(result);
			System.out.printf(Locale.ROOT, "run %d: first POST %.2f s after the JVM was launched; Spring Boot started"
					+ " in %.2f s (JVM running for %.2f s)%n", run, result[0], result[1], result[2]);
		}
		double[] firstPost = results.stream().mapToDouble(r -> r[0]).sorted().toArray();
		System.out.printf(Locale.ROOT, "%nFirst dispatch after launch, min / median / max: %.2f / %.2f / %.2f s%n",
				firstPost[0], firstPost[firstPost.length / 2], firstPost[firstPost.length - 1]);
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("timestamp", Instant.now().toString());
		line.put("cores", Runtime.getRuntime().availableProcessors());
		line.put("serviceJvmFlags", jvm);
		line.put("firstPostSeconds", Arrays.stream(firstPost).boxed().toList());
		line.put("medianFirstPostSeconds", firstPost[firstPost.length / 2]);
		Files.createDirectories(RESULTS.getParent());
		Files.writeString(RESULTS, JsonMapper.builder().build().writeValueAsString(line) + System.lineSeparator(),
				StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		System.out.printf("Results appended to %s%n", RESULTS);
	}

	/** One restart: returns seconds to the first POST, and Spring Boot's own start and JVM uptime figures. */
	private static double[] measure(int run, List<String> jvm) throws Exception {
		Path dataDir = Files.createTempDirectory("dispatch-start-");
		Path log = Path.of("target", "bench", "start-" + run + ".log");
		Files.createDirectories(log.getParent());
		seedOneMessage(dataDir);
		CountDownLatch firstPost = new CountDownLatch(1);
		AtomicLong firstPostAt = new AtomicLong();
		HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		provider.createContext("/messages", exchange -> {
			firstPostAt.compareAndSet(0, System.nanoTime());
			firstPost.countDown();
			exchange.getRequestBody().readAllBytes();
			byte[] answer = "{\"message\":\"Accepted\",\"messageId\":\"start-bench\"}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(202, answer.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer);
			}
		});
		provider.start();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvm);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), MessageDispatchApplication.class.getName(),
				"--server.port=0", "--messaging.store.data-dir=" + dataDir,
				"--messaging.webhook.url=http://127.0.0.1:" + provider.getAddress().getPort() + "/messages"));
		ProcessBuilder builder = new ProcessBuilder(command).directory(new File("."))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("APP_ENV", "dev");
		List.of("MONGODB_URI", "REDIS_URL", "WEBHOOK_URL").forEach(builder.environment()::remove);
		long launched = System.nanoTime();
		Process service = builder.start();
		try {
			if (!firstPost.await(120, TimeUnit.SECONDS)) {
				throw new IllegalStateException("No POST within 120 s; see " + log);
			}
			double seconds = (firstPostAt.get() - launched) / 1e9;
			double[] started = startedFigures(log);
			awaitLogLine(log, RUN_ENDED);
			return new double[] { seconds, started[0], started[1] };
		}
		finally {
			service.destroy();
			if (!service.waitFor(30, TimeUnit.SECONDS)) {
				service.destroyForcibly();
			}
			provider.stop(0);
			FileSystemUtils.deleteRecursively(dataDir);
		}
	}

	/** Puts one due message in the embedded store's data directory, as a service stopped with a backlog leaves it. */
	private static void seedOneMessage(Path dataDir) {
		MongoServer server = new MongoServer(new IndexedH2Backend(dataDir.resolve("mongo.mv").toString()));
		try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
			Messages store = new Messages(new MessageCollection(new MongoTemplate(client, "message")),
					Clock.systemUTC());
			store.insert(Message.accepted(new ObjectId().toHexString(), "+905551234567", "waiting since the last run",
					Instant.now().minusSeconds(60)));
		}
		finally {
			server.shutdown();
		}
	}

	/** Spring Boot's "Started ... in X seconds (process running for Y)". */
	private static double[] startedFigures(Path log) throws IOException, InterruptedException {
		Matcher matcher = awaitLogLine(log, STARTED);
		return matcher == null ? new double[] { Double.NaN, Double.NaN }
				: new double[] { Double.parseDouble(matcher.group(1)), Double.parseDouble(matcher.group(2)) };
	}

	/**
	 * Waits up to 10 s for a line of the service's log; the service is stopped only after its first run has ended,
	 * so that the stop does not cut the run short.
	 */
	private static Matcher awaitLogLine(Path log, Pattern line) throws IOException, InterruptedException {
		for (int i = 0; i < 100; i++) {
			Matcher matcher = line.matcher(Files.readString(log));
			if (matcher.find()) {
				return matcher;
			}
			Thread.sleep(100);
		}
		return null;
	}

}
