package io.messagedispatch.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free latency histogram with one-microsecond buckets up to about half a second, so that percentiles are exact
 * to the microsecond without keeping every sample; slower samples land in the last bucket and still count in the max.
 */
final class Histogram {

	private static final int BUCKETS = 1 << 19;

	private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

	private final AtomicLong total = new AtomicLong();

	private final AtomicLong sumNanos = new AtomicLong();

	private final AtomicLong maxNanos = new AtomicLong();

	void record(long nanos) {
		record(nanos, 1);
	}

	/** Records {@code samples} samples of the same value, as when one chunk's cost is shared by its messages. */
	void record(long nanos, long samples) {
		if (samples <= 0) {
			return;
		}
		long value = Math.max(0, nanos);
		this.counts.addAndGet((int) Math.min(value / 1_000, BUCKETS - 1), samples);
		this.total.addAndGet(samples);
		this.sumNanos.addAndGet(value * samples);
		this.maxNanos.accumulateAndGet(value, Math::max);
	}

	long count() {
		return this.total.get();
	}

	/** The value (in microseconds) that {@code percentile} percent of the samples do not exceed. */
	double percentileMicros(double percentile) {
		long samples = this.total.get();
		if (samples == 0) {
			return 0;
		}
		long rank = Math.max(1, (long) Math.ceil(samples * percentile / 100.0));
		long seen = 0;
		for (int bucket = 0; bucket < BUCKETS; bucket++) {
			seen += this.counts.get(bucket);
			if (seen >= rank) {
				return bucket == BUCKETS - 1 ? this.maxNanos.get() / 1_000.0 : bucket + 1;
			}
		}
		return this.maxNanos.get() / 1_000.0;
	}

	double meanMicros() {
		long samples = this.total.get();
		return samples == 0 ? 0 : this.sumNanos.get() / 1_000.0 / samples;
	}

	double maxMicros() {
		return this.maxNanos.get() / 1_000.0;
	}

}
