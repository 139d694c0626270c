package io.messagedispatch.observability;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the queue gauges are kept up to date.
 *
 * @param queueRefresh how often the queue is counted; a scrape only reads the last count
 * @param queueQueryTimeout how long one counting query may take before it is abandoned
 */
@Validated
@ConfigurationProperties("messaging.metrics")
record MetricsProperties(@DefaultValue("15s") @NotNull @DurationMin(seconds = 1) Duration queueRefresh,
		@DefaultValue("5s") @NotNull @DurationMin(millis = 100) Duration queueQueryTimeout) {
}
