package io.messagedispatch.dispatch.run;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The dispatch schedule and its size. The default business rule is 2 messages every 2
 * minutes; for a backlog raise {@code batch-size}, {@code chunk-size} and
 * {@code send-concurrency}.
 *
 * @param interval the pause between the end of one scheduled run and the start of the
 * next
 * @param initialDelay when the first scheduled run starts after startup
 * @param batchSize the most messages one scheduled run dispatches
 * @param chunkSize how many messages are claimed, sent and marked together
 * @param sendConcurrency how many POSTs of one chunk may be in flight at once
 * @param autoStart whether the processor runs when no operator has started or stopped it
 * yet
 * @param maxRunDuration after this long a run claims nothing more and ends once its chunk
 * is done
 * @param shutdownTimeout how long shutdown waits for the run in flight before putting
 * back the claims no POST holds; by default the longest a chunk can take (plus 5 s); a
 * shorter one fails the start
 * @param schedule whether this instance runs dispatch on a schedule (off in cron mode)
 * @param lockLease how long the cluster lock outlives its holder's last heartbeat (it is
 * renewed every third)
 * @param clockSkew how far the clocks of the instances may disagree: an expired claim is
 * taken back only this long after its lease ended by the taker's clock
 */
@Validated
@ConfigurationProperties("messaging.processor")
public record DispatchProperties(@DefaultValue("2m") @NotNull @DurationMin(millis = 100) Duration interval,
		@DefaultValue("0s") @NotNull Duration initialDelay, @DefaultValue("2") @Min(1) int batchSize,
		@DefaultValue("2") @Min(1) @Max(10_000) int chunkSize, @DefaultValue("4") @Min(1) @Max(512) int sendConcurrency,
		@DefaultValue("true") boolean autoStart,
		@DefaultValue("10m") @NotNull @DurationMin(seconds = 1) Duration maxRunDuration, Duration shutdownTimeout,
		@DefaultValue("true") boolean schedule,
		@DefaultValue("30s") @NotNull @DurationMin(millis = 300) Duration lockLease,
		@DefaultValue("30s") @NotNull @DurationMin(millis = 0) Duration clockSkew) {
}
