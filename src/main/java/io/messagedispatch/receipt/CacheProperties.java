package io.messagedispatch.receipt;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Redis receipt cache.
 *
 * @param ttl how long a receipt stays in Redis
 * @param keyPrefix prefix of every key; a receipt is stored under
 * {@code <prefix><message id>}
 * @param retryAfterFailure how long cache writes pause after Redis failed
 */
@Validated
@ConfigurationProperties("messaging.cache")
record CacheProperties(@DefaultValue("24h") @NotNull Duration ttl, @DefaultValue("message:") String keyPrefix,
		@DefaultValue("5s") @NotNull Duration retryAfterFailure) {
}
