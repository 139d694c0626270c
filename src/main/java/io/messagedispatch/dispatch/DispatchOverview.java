package io.messagedispatch.dispatch;

import java.time.Instant;
import java.util.List;

import io.messagedispatch.dispatch.run.DispatchProperties;
import io.messagedispatch.dispatch.run.DispatchRuns;
import io.messagedispatch.dispatch.run.DispatchScheduler;
import io.messagedispatch.dispatch.run.DispatchTimings;

import org.springframework.stereotype.Component;

/**
 * What the dispatch shows operators: the settings in force with the durations derived
 * from them, this instance's next run and the cluster's latest runs.
 */
@Component
public class DispatchOverview {

	private final DispatchProperties properties;

	private final DispatchTimings timings;

	private final DispatchScheduler scheduler;

	private final DispatchRuns runs;

	DispatchOverview(DispatchProperties properties, DispatchTimings timings, DispatchScheduler scheduler,
			DispatchRuns runs) {
		this.properties = properties;
		this.timings = timings;
		this.scheduler = scheduler;
		this.runs = runs;
	}

	public DispatchSettings settings() {
		return new DispatchSettings(this.properties.interval(), this.properties.initialDelay(),
				this.properties.batchSize(), this.properties.chunkSize(), this.properties.sendConcurrency(),
				this.properties.maxRunDuration(), this.timings.lease(), this.timings.lockLease(),
				this.timings.shutdownTimeout(), this.timings.clockSkew());
	}

	/** When this instance's next scheduled run is due. */
	public Instant nextRunAt() {
		return this.scheduler.nextRunAt();
	}

	/** The newest runs of the whole cluster, newest first. */
	public List<RunReport> latestRuns(int count) {
		return this.runs.latest(count);
	}

}
