package io.messagedispatch.provider.mock;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.messagedispatch.provider.ProviderCallbacks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Reports back, as the real provider does, what became of each message the mock provider
 * accepted: {@code messaging.mock-provider.report-delay} after accepting it, the mock
 * POSTs its report to this service's {@code /provider/delivery-reports},
 * {@code delivered}, or {@code undelivered} for a share
 * ({@code messaging.mock-provider.undelivered-rate}), authenticated as the provider is
 * ({@link ProviderCallbacks}: signed when a report secret is set). Reports due together
 * go in one POST (a JSON array of up to 1,000), from one thread. Without a web server (a
 * test that has none) nothing is reported; at most 100,000 reports wait, and a report
 * beyond that, or one the service refuses, is dropped with a log line.
 */
@Component
@ConditionalOnBooleanProperty("messaging.mock-provider.enabled")
class MockReportSender implements DisposableBean {

	static final String REPORTS_PATH = "/provider/delivery-reports";

	private static final Logger log = LoggerFactory.getLogger(MockReportSender.class);

	private static final int MAX_WAITING = 100_000;

	private static final int MAX_PER_POST = 1000;

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final MockProviderProperties properties;

	private final ProviderCallbacks callbacks;

	private final JsonMapper json;

	private final Clock clock;

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(2))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
		Thread thread = new Thread(task, "mock-provider-reports");
		thread.setDaemon(true);
		return thread;
	});

	private final ConcurrentLinkedQueue<Due> waiting = new ConcurrentLinkedQueue<>();

	private final AtomicInteger waitingCount = new AtomicInteger();

	private final AtomicBoolean flushScheduled = new AtomicBoolean();

	private volatile URI target;

	private volatile boolean failing;

	MockReportSender(MockProviderProperties properties, ProviderCallbacks callbacks, JsonMapper json, Clock clock) {
		this.properties = properties;
		this.callbacks = callbacks;
		this.json = json;
		this.clock = clock;
	}

	@EventListener
	void onWebServerStarted(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() == null) {
			this.target = URI.create("http://127.0.0.1:" + event.getWebServer().getPort() + REPORTS_PATH);
		}
	}

	/** The mock accepted a message under this id: its report goes out after the delay. */
	void accepted(String messageId) {
		if (this.target == null) {
			return;
		}
		if (this.waitingCount.incrementAndGet() > MAX_WAITING) {
			this.waitingCount.decrementAndGet();
			log.debug("Mock provider: {} reports wait already; the report on {} is dropped", MAX_WAITING, messageId);
			return;
		}
		this.waiting.add(new Due(messageId, System.nanoTime() + this.properties.reportDelay().toNanos()));
		scheduleFlush(this.properties.reportDelay().toNanos());
	}

	private void scheduleFlush(long delayNanos) {
		if (this.flushScheduled.compareAndSet(false, true)) {
			try {
				this.scheduler.schedule(this::flush, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
			}
			catch (RejectedExecutionException ex) {
				// shutting down: the reports still waiting are dropped
				this.flushScheduled.set(false);
			}
		}
	}

	private void flush() {
		try {
			List<Map<String, Object>> batch = new ArrayList<>();
			Due head;
			while ((head = this.waiting.peek()) != null && head.dueAtNanos() - System.nanoTime() <= 0) {
				this.waiting.poll();
				this.waitingCount.decrementAndGet();
				batch.add(report(head.messageId()));
				if (batch.size() == MAX_PER_POST) {
					post(batch);
					batch = new ArrayList<>();
				}
			}
			if (!batch.isEmpty()) {
				post(batch);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Mock provider: delivery reports not sent: {}", ex.getMessage());
		}
		finally {
			this.flushScheduled.set(false);
			Due next = this.waiting.peek();
			if (next != null) {
				scheduleFlush(next.dueAtNanos() - System.nanoTime());
			}
		}
	}

	private Map<String, Object> report(String messageId) {
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("messageId", messageId);
		boolean undelivered = this.properties.undeliveredRate() > 0
				&& ThreadLocalRandom.current().nextDouble() < this.properties.undeliveredRate();
		report.put("status", undelivered ? "undelivered" : "delivered");
		report.put("at", this.clock.instant().toString());
		if (undelivered) {
			report.put("errorCode", "simulated");
		}
		return report;
	}

	private void post(List<Map<String, Object>> reports) {
		byte[] body = this.json.writeValueAsBytes(reports);
		HttpRequest.Builder request = HttpRequest.newBuilder(this.target)
			.timeout(TIMEOUT)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		this.callbacks.headers(body).forEach(request::header);
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() / 100 == 2) {
				if (this.failing) {
					log.info("Mock provider: delivery reports are taken again");
				}
				this.failing = false;
			}
			else {
				warnOnce("refused with HTTP " + response.statusCode() + ": " + excerpt(response.body()));
			}
		}
		catch (IOException ex) {
			warnOnce(ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void warnOnce(String problem) {
		if (!this.failing) {
			log.warn("Mock provider: delivery reports not taken ({}); the next failures are not logged until"
					+ " reports are taken again", problem);
		}
		this.failing = true;
	}

	private static String excerpt(String body) {
		String flat = (body == null) ? "" : body.replaceAll("\\s+", " ").trim();
		return (flat.length() > 200) ? flat.substring(0, 200) : flat;
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

	private record Due(String messageId, long dueAtNanos) {
	}

}
