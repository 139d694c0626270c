package io.messagedispatch.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A provider on loopback that honours the Idempotency-Key like a real one (a key is
 * delivered once however often it is accepted), records every request, and fails on
 * command: 5xx, stalls, dropped connections, 429 with Retry-After, 4xx refusals,
 * accepting a message and then losing the response, odd or huge bodies, a body that
 * stalls after the headers, redirects.
 */
public final class FaultyProvider implements AutoCloseable {

	/** What the provider does with one request. */
	public enum Answer {

		/** 202 with {@code provider-<key>} as messageId. */
		ACCEPT,
		/** 503. */
		FAIL,
		/** No answer for a long time (the client times out); the message is not taken. */
		STALL,
		/** The connection is closed without an answer; the message is not taken. */
		DROP_CONNECTION,
		/** 429 with {@code Retry-After: 1}. */
		TOO_MANY_REQUESTS,
		/** 400: the provider refuses this message for good. */
		REFUSE,
		/** The message is taken, but the connection is closed before the answer. */
		ACCEPT_AND_LOSE_RESPONSE,
		/**
		 * 200 with a body that is not the expected JSON (HTML, a messageId that is an
		 * object).
		 */
		ACCEPT_WITH_ODD_BODY,
		/** 200 with a body of a megabyte. */
		ACCEPT_WITH_HUGE_BODY,
		/**
		 * The message is taken; the headers of a 200 go out, then the body stalls (the
		 * client times out).
		 */
		ACCEPT_THEN_STALL_BODY,
		/** 302 to somewhere else: the provider does not take it. */
		REDIRECT

	}

	/** Chooses the answer for one request. */
	@FunctionalInterface
	public interface Behaviour {

		Answer answer(String idempotencyKey, int attemptOfThisKey);

	}

	private static final Duration STALL_FOR = Duration.ofSeconds(2);

	private final HttpServer server;

	private final ExecutorService threads = Executors.newFixedThreadPool(32);

	private final Map<String, AtomicInteger> requestsByKey = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> acceptedByKey = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();

	private volatile Behaviour behaviour = (key, attempt) -> Answer.ACCEPT;

	private FaultyProvider(HttpServer server) {
		this.server = server;
	}

	public static FaultyProvider start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
			FaultyProvider provider = new FaultyProvider(server);
			server.createContext("/messages", provider::handle);
			server.setExecutor(provider.threads);
			server.start();
			return provider;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/messages";
	}

	public void behave(Behaviour behaviour) {
		this.behaviour = behaviour;
	}

	/** Every request received, in arrival order. */
	public List<Request> requests() {
		return List.copyOf(this.requests);
	}

	public int requestCount() {
		return this.requests.size();
	}

	/**
	 * How many times each key was taken (more than once is a wire duplicate; delivery is
	 * still once).
	 */
	public Map<String, Integer> acceptedByKey() {
		Map<String, Integer> accepted = new ConcurrentHashMap<>();
		this.acceptedByKey.forEach((key, count) -> accepted.put(key, count.get()));
		return accepted;
	}

	public int acceptedCount() {
		return this.acceptedByKey.size();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream body = exchange.getRequestBody()) {
			body.readAllBytes();
			String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
			int attempt = this.requestsByKey.computeIfAbsent(String.valueOf(key), k -> new AtomicInteger())
				.incrementAndGet();
			Answer answer = this.behaviour.answer(key, attempt);
			this.requests.add(new Request(key, attempt, answer, Instant.now()));
			switch (answer) {
				case ACCEPT -> {
					accept(key);
					respond(exchange, 202, "{\"message\":\"Accepted\",\"messageId\":\"provider-" + key + "\"}");
				}
				case FAIL -> respond(exchange, 503, "{\"error\":\"unavailable\"}");
				case STALL -> sleep(STALL_FOR);
				case DROP_CONNECTION -> {
					// closing the exchange without a response drops the connection
				}
				case TOO_MANY_REQUESTS -> {
					exchange.getResponseHeaders().add("Retry-After", "1");
					respond(exchange, 429, "{\"error\":\"slow down\"}");
				}
				case REFUSE -> respond(exchange, 400, "{\"error\":\"invalid recipient\"}");
				case ACCEPT_AND_LOSE_RESPONSE -> accept(key);
				case ACCEPT_WITH_ODD_BODY -> {
					accept(key);
					respond(exchange, 200, Math.floorMod(key.hashCode(), 2) == 0 ? "<html>ok</html>"
							: "{\"messageId\":{\"nested\":true},\"status\":[1,2]}");
				}
				case ACCEPT_WITH_HUGE_BODY -> {
					accept(key);
					respond(exchange, 200,
							"{\"messageId\":\"provider-" + key + "\",\"padding\":\"" + "x".repeat(1024 * 1024) + "\"}");
				}
				case ACCEPT_THEN_STALL_BODY -> {
					accept(key);
					exchange.getResponseHeaders().add("Content-Type", "application/json");
					exchange.sendResponseHeaders(200, 0);
					OutputStream out = exchange.getResponseBody();
					out.write("{\"messageId\":".getBytes(StandardCharsets.UTF_8));
					out.flush();
					sleep(STALL_FOR);
				}
				case REDIRECT -> {
					exchange.getResponseHeaders().add("Location", "http://127.0.0.1:1/elsewhere");
					respond(exchange, 302, "");
				}
			}
		}
	}

	private void accept(String key) {
		this.acceptedByKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.threads.shutdownNow();
	}

	/** One request: its key, which attempt of that key it was, what it got, and when. */
	public record Request(String idempotencyKey, int attempt, Answer answer, Instant receivedAt) {
	}

}
