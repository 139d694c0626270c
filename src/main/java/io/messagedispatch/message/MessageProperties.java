package io.messagedispatch.message;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rules for accepted messages.
 *
 * @param maxLength the most characters (Unicode code points) a message's content may have
 * @param maxBatchSize the most messages one {@code POST /messages/batch} may carry
 * @param idempotencyRetention how long an {@code Idempotency-Key} is remembered
 * @param maxScheduleAhead how far ahead a message's {@code sendAt} may be
 * @param defaultValidity how long a message stays valid when its request names neither
 * {@code validFor} nor {@code expiresAt}; none (it never expires) when unset
 */
@Validated
@ConfigurationProperties("messaging.message")
public record MessageProperties(@DefaultValue("160") @Min(1) @Max(100_000) int maxLength,
		@DefaultValue("1000") @Min(1) @Max(10_000) int maxBatchSize, @DefaultValue("24h") Duration idempotencyRetention,
		@DefaultValue("35d") Duration maxScheduleAhead, Duration defaultValidity) {
}
