package io.messagedispatch.receipt;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.RedisStringCommands;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.stereotype.Component;

/**
 * Receipts of sent messages in Redis, {@code message:<id>} to {@code {"messageId": ...,
 * "sentAt": ...}} with a TTL. Redis is a cache here, never the record: a Redis failure is
 * logged and counted and never fails a send.
 */
@Component
public class ReceiptCache {

	private static final Logger log = LoggerFactory.getLogger(ReceiptCache.class);

	private final StringRedisTemplate redis;

	private final CacheProperties properties;

	private final JsonMapper json;

	private final Counter writeFailures;

	private final Clock clock;

	private volatile Instant pausedUntil = Instant.MIN;

	ReceiptCache(StringRedisTemplate redis, CacheProperties properties, JsonMapper json, MeterRegistry meters,
			Clock clock) {
		this.redis = redis;
		this.properties = properties;
		this.json = json;
		this.clock = clock;
		this.writeFailures = Counter.builder("messaging.cache.write.failures")
			.description("Receipts that could not be written to Redis")
			.register(meters);
	}

	/**
	 * Writes the receipts in one pipeline. Returns whether Redis took them. After a
	 * failure, writes are skipped (and counted as failed) for
	 * {@code retry-after-failure}, so that a Redis outage does not slow every chunk down
	 * by a timeout.
	 */
	public boolean putAll(Map<String, Receipt> receiptsByMessageId) {
		if (receiptsByMessageId.isEmpty()) {
			return true;
		}
		if (this.clock.instant().isBefore(this.pausedUntil)) {
			this.writeFailures.increment(receiptsByMessageId.size());
			return false;
		}
		Expiration ttl = Expiration.from(this.properties.ttl());
		try {
			this.redis.executePipelined((RedisCallback<Object>) connection -> {
				receiptsByMessageId.forEach((id, receipt) -> connection.stringCommands()
					.set(bytes(key(id)), bytes(this.json.writeValueAsString(receipt)), ttl,
							RedisStringCommands.SetOption.upsert()));
				return null;
			});
			return true;
		}
		catch (RuntimeException ex) {
			this.writeFailures.increment(receiptsByMessageId.size());
			this.pausedUntil = this.clock.instant().plus(this.properties.retryAfterFailure());
			log.warn("Could not cache {} receipt(s) in Redis (they stay in MongoDB); retrying in {}: {}",
					receiptsByMessageId.size(), this.properties.retryAfterFailure(), ex.getMessage());
			return false;
		}
	}

	/**
	 * The cached receipt, or empty when it is not cached or Redis cannot be reached.
	 */
	public Optional<Receipt> find(String messageId) {
		try {
			String value = this.redis.opsForValue().get(key(messageId));
			return value == null ? Optional.empty() : Optional.of(this.json.readValue(value, Receipt.class));
		}
		catch (JacksonException ex) {
			log.warn("Unreadable receipt cached for message {}", messageId);
			return Optional.empty();
		}
		catch (RuntimeException ex) {
			log.warn("Could not read the receipt of message {} from Redis: {}", messageId, ex.getMessage());
			return Optional.empty();
		}
	}

	String key(String messageId) {
		return this.properties.keyPrefix() + messageId;
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
