package io.messagedispatch.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The original design's loop, kept here only to measure against: find a page of unsent messages, then for each one
 * POST it, mark it sent with {@code updateOne} and {@code SET} its receipt in Redis, one after the other. It uses the
 * service's own MongoDB and Redis clients and the same provider, so only the design differs. It has none of the
 * service's guarantees (no claim, no lease), which only makes it cheaper.
 */
final class SeedStyleBaseline {

	final Histogram providerLatency = new Histogram();

	final Histogram overheadPerMessage = new Histogram();

	final AtomicLong done = new AtomicLong();

	private final MongoCollection<Document> messages;

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	private final HttpClient http;

	private final URI provider;

	private final int pageSize;

	private final Duration ttl;

	SeedStyleBaseline(MongoCollection<Document> messages, StringRedisTemplate redis, JsonMapper json, String providerUrl,
			int pageSize, Duration ttl) {
		this.messages = messages;
		this.redis = redis;
		this.json = json;
		this.provider = URI.create(providerUrl);
		this.pageSize = pageSize;
		this.ttl = ttl;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(2))
			.build();
	}

	/**
	 * Sends until no unsent message is left or {@code stop} says so; returns how many were sent.
	 */
	long drain(BooleanSupplier stop) throws IOException, InterruptedException {
		while (!stop.getAsBoolean()) {
			long pageStarted = System.nanoTime();
			List<Document> page = this.messages.find(Filters.eq("status", "unsent"))
				.limit(this.pageSize)
				.into(new ArrayList<>());
			long findNanos = System.nanoTime() - pageStarted;
			if (page.isEmpty()) {
				break;
			}
			for (Document message : page) {
				long started = System.nanoTime();
				String id = message.getObjectId("_id").toHexString();
				HttpResponse<String> response = this.http.send(request(id, message), HttpResponse.BodyHandlers.ofString());
				long posted = System.nanoTime();
				this.providerLatency.record(posted - started);
				if (response.statusCode() / 100 != 2) {
					throw new IOException("provider answered " + response.statusCode());
				}
				String providerId = this.json.readTree(response.body()).get("messageId").asString();
				Instant sentAt = Instant.now();
				this.messages.updateOne(Filters.eq("_id", message.get("_id")),
						Updates.combine(Updates.set("status", "sent"), Updates.set("sentAt", Date.from(sentAt)),
								Updates.set("webhookMessageId", providerId), Updates.set("updatedAt", Date.from(sentAt))));
				Map<String, Object> receipt = new LinkedHashMap<>();
				receipt.put("messageId", providerId);
				receipt.put("sentAt", sentAt.toString());
				this.redis.opsForValue().set("message:" + id, this.json.writeValueAsString(receipt), this.ttl);
				long ended = System.nanoTime();
				this.overheadPerMessage.record(ended - posted + findNanos / page.size());
				this.done.incrementAndGet();
			}
		}
		return this.done.get();
	}

	private HttpRequest request(String id, Document message) {
		Map<String, String> body = new LinkedHashMap<>();
		body.put("to", message.getString("phoneNumber"));
		body.put("content", message.getString("content"));
		return HttpRequest.newBuilder(this.provider)
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", id)
			.header("x-ins-auth-key", "bench-key")
			.POST(HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(body)))
			.build();
	}

}
