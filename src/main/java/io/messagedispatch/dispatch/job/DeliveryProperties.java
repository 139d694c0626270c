package io.messagedispatch.dispatch.job;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long the service keeps trying a message the provider cannot take right now.
 *
 * @param maxAttempts real POSTs after which a message that still fails transiently
 * becomes {@code failed}
 * @param backoff the wait before the next run may try again, by attempt; the last entry
 * repeats
 * @param jitter the share (0 to 1) by which each wait is randomly shortened or
 * lengthened, so that retries spread out
 */
@Validated
@ConfigurationProperties("messaging.delivery")
public record DeliveryProperties(@DefaultValue("10") @Min(1) @Max(1000) int maxAttempts, @DefaultValue( {
		"5s", "30s", "2m", "10m", "30m", "1h" }) @NotEmpty List<Duration> backoff,
		@DefaultValue("0.2") @DecimalMin("0.0") @DecimalMax("1.0") double jitter){
}
