package io.messagedispatch.observability;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;
import io.messagedispatch.message.QueueDepth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Queue depth per status and the age of the oldest unsent message, as gauges. The queue
 * is counted on a schedule with bounded queries and a scrape only reads the last count,
 * so scraping never waits on MongoDB. The age is computed at scrape time from the oldest
 * message's creation time, so it keeps growing while MongoDB cannot be counted.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class QueueMetrics implements SchedulingConfigurer {

	static final String DEPTH = "messaging.queue.messages";

	static final String OLDEST_UNSENT_AGE = "messaging.queue.oldest.unsent.age";

	private static final Logger log = LoggerFactory.getLogger(QueueMetrics.class);

	private final Messages messages;

	private final MetricsProperties properties;

	private final Clock clock;

	private final Map<MessageStatus, Long> counts = new EnumMap<>(MessageStatus.class);

	private volatile boolean counted;

	private volatile Instant oldestUnsentCreatedAt;

	private volatile boolean failing;

	QueueMetrics(Messages messages, MetricsProperties properties, Clock clock, MeterRegistry meters) {
		this.messages = messages;
		this.properties = properties;
		this.clock = clock;
		for (MessageStatus status : MessageStatus.values()) {
			Gauge.builder(DEPTH, this, metrics -> metrics.count(status))
				.description("Messages in the queue by status, as last counted")
				.tag("status", status.value())
				.register(meters);
		}
		TimeGauge.builder(OLDEST_UNSENT_AGE, this, TimeUnit.SECONDS, QueueMetrics::oldestUnsentAgeSeconds)
			.description("How long the oldest message that is still unsent has been waiting; 0 when none waits")
			.register(meters);
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(new FixedDelayTask(this::refresh, this.properties.queueRefresh(), Duration.ZERO));
	}

	void refresh() {
		QueueDepth depth;
		try {
			depth = this.messages.queueDepth(this.properties.queueQueryTimeout());
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				log.warn("Could not count the queue for its gauges (they keep their last values): {}", ex.getMessage());
			}
			this.failing = true;
			return;
		}
		if (this.failing) {
			log.info("Counting the queue for its gauges works again");
		}
		this.failing = false;
		synchronized (this.counts) {
			this.counts.putAll(depth.counts());
		}
		this.oldestUnsentCreatedAt = depth.oldestUnsentCreatedAt();
		this.counted = true;
	}

	private double count(MessageStatus status) {
		if (!this.counted) {
			return Double.NaN;
		}
		synchronized (this.counts) {
			return this.counts.getOrDefault(status, 0L);
		}
	}

	private double oldestUnsentAgeSeconds() {
		if (!this.counted) {
			return Double.NaN;
		}
		Instant oldest = this.oldestUnsentCreatedAt;
		if (oldest == null) {
			return 0;
		}
		return Math.max(0, Duration.between(oldest, this.clock.instant()).toMillis() / 1000.0);
	}

}
