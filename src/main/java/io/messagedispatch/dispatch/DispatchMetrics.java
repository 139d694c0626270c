package io.messagedispatch.dispatch;

import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The dispatch meters that are not counted where the work happens: how long runs take and how many claims had to be
 * taken back from a runner that died. The message outcome counters are registered here too, so that their series
 * exist (at zero) before the first message is sent, and rate alerts have something to compare against.
 */
@Component
class DispatchMetrics {

	static final String RUNS = "messaging.dispatch.runs";

	static final String RECLAIMED = "messaging.dispatch.claims.reclaimed";

	static final String MESSAGES = "messaging.dispatch.messages";

	private final MeterRegistry meters;

	private final Counter reclaimed;

	DispatchMetrics(MeterRegistry meters) {
		this.meters = meters;
		this.reclaimed = Counter.builder(RECLAIMED)
			.description("Claimed messages put back in the queue after their lease expired (their runner died)")
			.register(meters);
		for (String outcome : new String[] { DeliveryWriter.SENT, DeliveryWriter.RETRIED, DeliveryWriter.FAILED }) {
			Counter.builder(MESSAGES)
				.description("Messages dispatched, by what became of them")
				.tag("outcome", outcome)
				.register(meters);
		}
	}

	Timer.Sample startRun() {
		return Timer.start(this.meters);
	}

	void runEnded(Timer.Sample sample, RunReport report) {
		sample.stop(Timer.builder(RUNS)
			.description("Dispatch runs that took the lock, by mode and outcome")
			.tag("mode", report.mode().name().toLowerCase(Locale.ROOT))
			.tag("outcome", report.outcome().name().toLowerCase(Locale.ROOT))
			.register(this.meters));
	}

	void reclaimed(int count) {
		this.reclaimed.increment(count);
	}

}
