package io.messagedispatch.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the CPU busy while a race is exercised, so that threads are preempted at awkward
 * points as on a loaded production host. Bounded: it stops when closed.
 */
public final class CpuLoad implements AutoCloseable {

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final List<Thread> threads = new ArrayList<>();

	private CpuLoad(int threads) {
		for (int i = 0; i < threads; i++) {
			Thread thread = new Thread(this::spin, "cpu-load-" + i);
			thread.setDaemon(true);
			thread.start();
			this.threads.add(thread);
		}
	}

	/** Starts {@code threads} threads that compute until closed. */
	public static CpuLoad start(int threads) {
		return new CpuLoad(threads);
	}

	private void spin() {
		long value = 1;
		while (this.running.get()) {
			for (int i = 0; i < 100_000; i++) {
				value = value * 6364136223846793005L + 1442695040888963407L;
			}
			if (value == 42) {
				Thread.yield();
			}
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		for (Thread thread : this.threads) {
			thread.join();
		}
	}

}
