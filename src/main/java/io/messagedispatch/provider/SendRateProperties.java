package io.messagedispatch.provider;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The outbound rate limit, for providers that throttle.
 *
 * @param maxPerSecond the most POSTs per second this instance sends, retries included; 0
 * means no limit
 */
@Validated
@ConfigurationProperties("messaging.delivery")
public record SendRateProperties(@DefaultValue("0") @Min(0) @Max(100_000) int maxPerSecond) {
}
