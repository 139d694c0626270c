package io.messagedispatch.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's settings, from {@code key=value} arguments.
 *
 * @param messages how many messages each contender drains
 * @param warmup how many messages each contender drains first, unreported, so that both run on a warm JVM
 * @param rounds how many times the pair runs (the order alternates), to show the spread
 * @param chunkSize the service's chunk size, and the baseline's page size
 * @param sendConcurrency the service's POSTs in flight at once
 * @param providerThreads the fast provider's worker threads
 * @param maxMinutes the longest one contender may run; it then stops and is reported as partial
 * @param storeHeap the heap of the store and provider JVM
 * @param baseline whether the seed-style loop runs too ({@code baseline=false} for a service-only scale run)
 */
record BenchOptions(int messages, int warmup, int rounds, int chunkSize, int sendConcurrency, int providerThreads,
		int maxMinutes, String storeHeap, boolean baseline) {

	static BenchOptions parse(String[] args) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (equals <= 0) {
				throw new IllegalArgumentException("Expected key=value, got " + arg);
			}
			values.put(arg.substring(0, equals), arg.substring(equals + 1));
		}
		BenchOptions options = new BenchOptions(number(values, "n", 100_000), number(values, "warmup", 20_000),
				number(values, "rounds", 1), number(values, "chunk", 1000), number(values, "concurrency", 32),
				number(values, "provider-threads", 16), number(values, "max-minutes", 15),
				values.getOrDefault("store-heap", "6g"), !"false".equals(values.getOrDefault("baseline", "true")));
		values.keySet()
			.removeAll(Set.of("n", "warmup", "rounds", "chunk", "concurrency", "provider-threads",
					"max-minutes", "store-heap", "baseline"));
		if (!values.isEmpty()) {
			throw new IllegalArgumentException("Unknown settings " + values.keySet());
		}
		return options;
	}

	private static int number(Map<String, String> values, String key, int fallback) {
		String value = values.get(key);
		return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim().replace("_", ""));
	}

}
