package io.messagedispatch.dispatch.run;

import java.util.Locale;

import io.messagedispatch.dispatch.RunReport;
import io.messagedispatch.provider.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The dispatch meters that are not counted where the work happens: how long runs take,
 * how many claims had to be taken back from a runner that died, and the provider
 * circuit's state. The message outcome counters are registered here too, so that their
 * series exist (at zero) before the first message is sent, and rate alerts have something
 * to compare against.
 */
@Component
public class DispatchMetrics {

	static final String RUNS = "messaging.dispatch.runs";

	static final String RECLAIMED = "messaging.dispatch.claims.reclaimed";

	static final String MESSAGES = "messaging.dispatch.messages";

	static final String CIRCUIT = "messaging.provider.circuit.state";

	private final MeterRegistry meters;

	private final Counter reclaimed;

	DispatchMetrics(MeterRegistry meters, CircuitBreaker circuit) {
		this.meters = meters;
		Gauge.builder(CIRCUIT, circuit, DispatchMetrics::circuitState)
			.description("The provider circuit: 0 closed, 1 half-open (probing), 2 open (not sending)")
			.register(meters);
		this.reclaimed = Counter.builder(RECLAIMED)
			.description("Claimed messages put back in the queue after their lease expired (their runner died)")
			.register(meters);
		for (String outcome : new String[] { "sent", "retried", "failed" }) {
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

	private static double circuitState(CircuitBreaker circuit) {
		CircuitBreaker.State state = circuit.state();
		if (state == CircuitBreaker.State.OPEN) {
			return 2;
		}
		return state == CircuitBreaker.State.HALF_OPEN ? 1 : 0;
	}

	public void reclaimed(int count) {
		this.reclaimed.increment(count);
	}

}
