package io.messagedispatch.retention;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Sweeps every {@code messaging.retention.sweep-interval} on every instance, measured
 * from the end of the previous sweep, the first one interval after startup. A sweep that
 * fails (MongoDB out of reach) is logged once and tried again at the next interval.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class RetentionSchedule implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(RetentionSchedule.class);

	private final RetentionSweep sweep;

	private final RetentionProperties properties;

	private volatile boolean failing;

	RetentionSchedule(RetentionSweep sweep, RetentionProperties properties) {
		this.sweep = sweep;
		this.properties = properties;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(
				new FixedDelayTask(this::tick, this.properties.sweepInterval(), this.properties.sweepInterval()));
	}

	void tick() {
		try {
			this.sweep.sweep();
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				log.warn("Retention sweep failed (tried again every {}): {}", this.properties.sweepInterval(),
						ex.getMessage());
			}
			this.failing = true;
			return;
		}
		if (this.failing) {
			log.info("Retention sweep works again");
		}
		this.failing = false;
	}

}
