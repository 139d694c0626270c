package io.messagedispatch.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one contender did in one run.
 *
 * @param complete whether it drained every message before its time ran out
 * @param providerRequests requests the provider received during the run
 * @param providerRepeats requests whose Idempotency-Key the provider had already seen (0 means exactly once)
 * @param peakHeapBytes the sum of the heap pools' peaks during the run
 * @param peakRssBytes the JVM's peak resident set size during the run ({@code VmHWM})
 * @param breakdown where the overhead went, in microseconds per message
 * @param cpu CPU time per message of each process, in microseconds
 * @param machineBusy how busy all cores of the machine were during the run, other work included, in percent
 */
record RunResult(String contender, long messages, boolean complete, double seconds, long providerRequests,
		long providerRepeats, double latencyP50, double latencyP99, double overheadP50, double overheadP99,
		double overheadMean, long peakHeapBytes, long peakRssBytes, long endRssBytes, Map<String, Double> breakdown,
		Map<String, Double> cpu, double machineBusy) {

	double rate() {
		return this.seconds == 0 ? 0 : this.messages / this.seconds;
	}

	/** Wall time per message in microseconds. */
	double costMicros() {
		return this.messages == 0 ? 0 : this.seconds * 1_000_000 / this.messages;
	}

	Map<String, Object> toMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("messages", this.messages);
		map.put("complete", this.complete);
		map.put("seconds", round(this.seconds));
		map.put("messagesPerSecond", round(rate()));
		map.put("costMicrosPerMessage", round(costMicros()));
		map.put("providerLatencyP50Micros", this.latencyP50);
		map.put("providerLatencyP99Micros", this.latencyP99);
		map.put("overheadP50Micros", round(this.overheadP50));
		map.put("overheadP99Micros", round(this.overheadP99));
		map.put("overheadMeanMicros", round(this.overheadMean));
		map.put("peakHeapBytes", this.peakHeapBytes);
		map.put("peakRssBytes", this.peakRssBytes);
		map.put("endRssBytes", this.endRssBytes);
		map.put("providerRequests", this.providerRequests);
		map.put("providerRepeats", this.providerRepeats);
		map.put("overheadBreakdownMicrosPerMessage", this.breakdown);
		map.put("cpuMicrosPerMessage", this.cpu);
		map.put("machineBusyPercent", round(this.machineBusy));
		return map;
	}

	static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

}
