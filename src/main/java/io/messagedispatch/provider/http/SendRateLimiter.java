package io.messagedispatch.provider.http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.messagedispatch.provider.SendRateProperties;

import org.springframework.stereotype.Component;

/**
 * Spaces POSTs evenly so that this instance never sends more than
 * {@code messaging.delivery.max-per-second}; off (no waiting at all) when that is 0.
 */
@Component
public class SendRateLimiter {

	private final long intervalNanos;

	private long nextSlot = System.nanoTime();

	public SendRateLimiter(SendRateProperties properties) {
		int perSecond = properties.maxPerSecond();
		this.intervalNanos = perSecond <= 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / perSecond;
	}

	/**
	 * Waits for the next free slot.
	 */
	public void acquire() {
		if (this.intervalNanos == 0) {
			return;
		}
		long slot;
		synchronized (this) {
			long now = System.nanoTime();
			slot = Math.max(this.nextSlot, now);
			this.nextSlot = slot + this.intervalNanos;
		}
		long wait;
		while ((wait = slot - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) {
			LockSupport.parkNanos(wait);
		}
	}

}
