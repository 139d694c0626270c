package io.messagedispatch.delivery;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How delivery reports are kept.
 *
 * @param unmatchedRetention how long a report whose message is not known (yet) is kept,
 * from when it was last received: long enough to outlast any wait before a send is
 * recorded, which is seconds, or a claim's lease when MongoDB failed meanwhile, and to
 * let an operator look at reports for ids this service never sent; at least 1 minute, at
 * most 24855 days (a TTL index's limit)
 */
@Validated
@ConfigurationProperties("messaging.delivery-reports")
record DeliveryReportProperties(@DefaultValue("7d") @NotNull @DurationMin(minutes = 1) @DurationMax(
		days = 24_855) Duration unmatchedRetention) {
}
