package io.messagedispatch.dispatch.run;

import java.time.Clock;
import java.time.Instant;

import io.messagedispatch.dispatch.RunMode;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Runs dispatch every {@code messaging.processor.interval} (measured from the end of the
 * previous run), the first time {@code initial-delay} after startup. Each tick goes
 * through {@link DispatchRunner}, which checks the cluster-wide switch and takes the
 * ShedLock lock.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class DispatchScheduler implements SchedulingConfigurer {

	private final DispatchRunner runner;

	private final DispatchProperties properties;

	private final Clock clock;

	private volatile Instant nextRunAt;

	DispatchScheduler(DispatchRunner runner, DispatchProperties properties, Clock clock) {
		this.runner = runner;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		if (!this.properties.schedule()) {
			return;
		}
		this.nextRunAt = this.clock.instant().plus(this.properties.initialDelay());
		registrar.addFixedDelayTask(
				new FixedDelayTask(this::tick, this.properties.interval(), this.properties.initialDelay()));
	}

	private void tick() {
		try {
			this.runner.run(RunMode.SCHEDULED);
		}
		finally {
			this.nextRunAt = this.clock.instant().plus(this.properties.interval());
		}
	}

	/**
	 * When the next scheduled tick is due on this instance (it may be skipped if the
	 * processor is stopped or another instance holds the lock).
	 */
	public Instant nextRunAt() {
		return this.nextRunAt;
	}

}
