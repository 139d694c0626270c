package io.messagedispatch.provider.mock;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The built-in stand-in for the SMS provider, so the whole flow runs and can be
 * load-tested with nothing external.
 *
 * @param enabled whether {@code /mock-provider/messages} answers; off in prod
 * @param failureRate the share of requests (0 to 1) answered with a 503
 * @param latency how long each answer takes
 * @param reportDelay how long after accepting a message the mock reports its delivery to
 * this service
 * @param undeliveredRate the share of reports (0 to 1) that say {@code undelivered}
 * rather than {@code delivered}
 */
@Validated
@ConfigurationProperties("messaging.mock-provider")
record MockProviderProperties(@DefaultValue("false") boolean enabled,
		@DefaultValue("0") @DecimalMin("0.0") @DecimalMax("1.0") double failureRate,
		@DefaultValue("0ms") Duration latency,
		@DefaultValue("2s") @NotNull @DurationMin(millis = 0) @DurationMax(hours = 1) Duration reportDelay,
		@DefaultValue("0") @DecimalMin("0.0") @DecimalMax("1.0") double undeliveredRate) {
}
