package io.messagedispatch.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The cluster-wide ShedLock lock around a dispatch run. It is taken for a short {@code lock-lease} and extended by a
 * heartbeat while the run is alive, so a crashed holder blocks the cluster for one lease at most, never for the
 * longest possible run. ShedLock stamps it with each instance's clock: instances are assumed to agree on the time to
 * well within the lease (NTP is enough).
 */
@Component
class DispatchLock implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(DispatchLock.class);

	static final String NAME = "message-dispatch";

	private final LockProvider provider;

	private final Duration lease;

	private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "dispatch-lock-heartbeat");
		thread.setDaemon(true);
		return thread;
	});

	private volatile Held leftBehind;

	DispatchLock(LockProvider provider, DispatchTimings timings) {
		this.provider = provider;
		this.lease = timings.lockLease();
	}

	/**
	 * Takes the lock, or empty when another instance holds it. A lock this instance could not release earlier
	 * (because the store was unreachable) is released first.
	 */
	Optional<Held> tryAcquire() {
		Held left = this.leftBehind;
		if (left != null) {
			left.release(Duration.ZERO);
			this.leftBehind = null;
		}
		return this.provider.lock(new LockConfiguration(ClockProvider.now(), NAME, this.lease, Duration.ZERO))
			.map(Held::new);
	}

	@Override
	public void destroy() {
		this.heartbeats.shutdownNow();
	}

	/** A lock held by this instance for a run in flight. */
	final class Held {

		private volatile SimpleLock lock;

		private volatile Instant expiresAt;

		private final ScheduledFuture<?> heartbeat;

		private Held(SimpleLock lock) {
			this.lock = lock;
			this.expiresAt = ClockProvider.now().plus(DispatchLock.this.lease);
			long every = Math.max(1, DispatchLock.this.lease.toMillis() / 3);
			this.heartbeat = DispatchLock.this.heartbeats.scheduleWithFixedDelay(this::extend, every, every,
					TimeUnit.MILLISECONDS);
		}

		private void extend() {
			try {
				this.lock.extend(DispatchLock.this.lease, Duration.ZERO).ifPresentOrElse(extended -> {
					this.lock = extended;
					this.expiresAt = ClockProvider.now().plus(DispatchLock.this.lease);
				}, () -> log.warn("The dispatch lock could not be extended: another instance may take it"));
			}
			catch (IllegalStateException lost) {
				log.warn("The dispatch lock was lost; the claims still keep runs apart");
				this.heartbeat.cancel(false);
			}
			catch (RuntimeException ex) {
				log.warn("The dispatch lock could not be extended: {}", ex.getMessage());
			}
		}

		/**
		 * Stops the heartbeat and releases the lock, keeping it for {@code pause} more when that is positive, so that
		 * scheduled runs of the cluster stay about one interval apart. When the store cannot be reached the lock is
		 * kept in mind and released by the next run.
		 */
		void release(Duration pause) {
			this.heartbeat.cancel(false);
			try {
				SimpleLock current = this.lock;
				if (!pause.isZero() && !pause.isNegative()) {
					current = current.extend(pause, pause).orElse(current);
				}
				current.unlock();
			}
			catch (IllegalStateException lost) {
				log.debug("The dispatch lock was already lost: nothing to release");
			}
			catch (RuntimeException ex) {
				if (ClockProvider.now().isBefore(this.expiresAt)) {
					log.warn("Could not release the dispatch lock yet: {}", ex.getMessage());
					DispatchLock.this.leftBehind = this;
				}
			}
		}

	}

}
