package io.messagedispatch.retention;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long settled messages are kept, and how the sweep that deletes them runs.
 *
 * @param settled how long a message is kept after it settled ({@code sent},
 * {@code failed}, {@code expired} or {@code cancelled}); 0 keeps settled messages
 * forever, anything else is at least 1 s
 * @param sweepInterval the pause between the end of one sweep and the start of the next
 * on each instance; the first starts one interval after startup
 * @param batchSize how many documents one batch of a sweep deletes at most
 * @param maxBatches how many batches one sweep deletes at most, of each collection; what
 * is left waits for the next sweep
 */
@Validated
@ConfigurationProperties("messaging.retention")
record RetentionProperties(
		@DefaultValue("30d") @NotNull @DurationMin(seconds = 0) @DurationMax(
				days = RetentionProperties.MAX_DAYS) Duration settled,
		@DefaultValue("1m") @NotNull @DurationMin(seconds = 1) Duration sweepInterval,
		@DefaultValue("1000") @Min(1) @Max(10_000) int batchSize,
		@DefaultValue("100") @Min(1) @Max(10_000) int maxBatches) {

	/** The longest retention a MongoDB TTL index takes (2^31 - 1 seconds), in days. */
	static final long MAX_DAYS = 24_855;

	/** Whether settled messages are kept forever. */
	boolean keepsSettledForever() {
		return this.settled.isZero();
	}

}
