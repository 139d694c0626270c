package io.messagedispatch.throughput;

import java.util.List;

import io.messagedispatch.security.Caller;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The cluster's throughput per minute, for the operators' chart: the operator's only, as
 * the processor's status is.
 */
@RestController
class ThroughputController implements ThroughputApi {

	static final int DEFAULT_MINUTES = 60;

	static final int MAX_MINUTES = (int) ThroughputCollection.RETENTION.toMinutes();

	private final ThroughputCounters counters;

	ThroughputController(ThroughputCounters counters) {
		this.counters = counters;
	}

	@GetMapping("/processor/throughput")
	public List<MinuteCount> throughput(@RequestParam(required = false) String minutes) {
		Caller.current().requireOperator();
		return this.counters.lastMinutes(parse(minutes));
	}

	private static int parse(String value) {
		if (value == null) {
			return DEFAULT_MINUTES;
		}
		String trimmed = value.trim();
		if (!trimmed.matches("\\d{1,4}")) {
			throw new InvalidMinutesException();
		}
		int minutes = Integer.parseInt(trimmed);
		if (minutes < 1 || minutes > MAX_MINUTES) {
			throw new InvalidMinutesException();
		}
		return minutes;
	}

}
