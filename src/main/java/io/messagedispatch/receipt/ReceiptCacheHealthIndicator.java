package io.messagedispatch.receipt;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Redis health as this service experiences it: Redis only caches receipts, so when it
 * cannot be reached the service still sends and answers from MongoDB, and is
 * {@code DEGRADED} (HTTP 200), never {@code DOWN}. A Redis outage must not take every
 * instance out of the load balancer. Its bean name replaces Boot's own Redis indicator,
 * which would report {@code DOWN}.
 */
@Component("redisHealthIndicator")
class ReceiptCacheHealthIndicator implements HealthIndicator {

	static final Status DEGRADED = new Status("DEGRADED", "Redis cannot be reached: receipts come from MongoDB");

	private static final Logger log = LoggerFactory.getLogger(ReceiptCacheHealthIndicator.class);

	private final RedisConnectionFactory connections;

	ReceiptCacheHealthIndicator(RedisConnectionFactory connections) {
		this.connections = connections;
	}

	@Override
	public Health health() {
		try (RedisConnection connection = this.connections.getConnection()) {
			connection.ping();
			return Health.up().build();
		}
		catch (RuntimeException ex) {
			log.debug("Redis health check failed: {}", ex.getMessage());
			return Health.status(DEGRADED).withDetail("error", ex.getClass().getSimpleName()).build();
		}
	}

}
