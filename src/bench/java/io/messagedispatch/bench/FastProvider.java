package io.messagedispatch.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The provider as fast as loopback allows: the JDK's HTTP server answering every POST with 202 and a messageId at
 * once. It counts requests and repeated Idempotency-Keys, so that a run can show every message was sent exactly
 * once.
 */
final class FastProvider implements AutoCloseable {

	static final String PATH = "/messages";

	private final HttpServer server;

	private final ExecutorService workers;

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong repeats = new AtomicLong();

	private final Set<String> keys = ConcurrentHashMap.newKeySet();

	private FastProvider(HttpServer server, ExecutorService workers) {
		this.server = server;
		this.workers = workers;
	}

	static FastProvider start(int threads) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
			ExecutorService workers = Executors.newFixedThreadPool(threads);
			FastProvider provider = new FastProvider(server, workers);
			server.createContext(PATH, provider::handle);
			server.setExecutor(workers);
			server.start();
			return provider;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + PATH;
	}

	long requests() {
		return this.requests.get();
	}

	long repeats() {
		return this.repeats.get();
	}

	void reset() {
		this.requests.set(0);
		this.repeats.set(0);
		this.keys.clear();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (InputStream body = exchange.getRequestBody()) {
			body.readAllBytes();
		}
		String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
		this.requests.incrementAndGet();
		if (key != null && !this.keys.add(key)) {
			this.repeats.incrementAndGet();
		}
		byte[] answer = ("{\"message\":\"Accepted\",\"messageId\":\"provider-" + key + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(202, answer.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(answer);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.workers.shutdownNow();
	}

}
