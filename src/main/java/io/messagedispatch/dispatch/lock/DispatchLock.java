package io.messagedispatch.dispatch.lock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.messagedispatch.dispatch.run.DispatchTimings;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The cluster-wide ShedLock lock around a dispatch run. It is taken for a short
 * {@code lock-lease} through ShedLock's MongoDB provider and extended by a heartbeat
 * while the run is alive, so a crashed holder blocks the cluster for one lease at most,
 * never for the longest possible run.
 * <p>
 * ShedLock's provider names the holder by host name alone and unlocks by the lock's name
 * alone, so one instance could release or extend a lock that another has taken since.
 * Here the {@code lockUntil} this instance last wrote is the lock's fencing token:
 * extending and releasing are single conditional updates that match only that value,
 * which changes whenever anyone else takes or extends the lock. A run stuck past its
 * deadline and its claims' lease is abandoned: the heartbeat stops, and the lock lapses
 * for the rest of the cluster. ShedLock stamps the lock with each instance's clock:
 * instances are assumed to agree on the time to well within the lease (NTP is enough).
 */
@Component
public class DispatchLock implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(DispatchLock.class);

	static final String NAME = "message-dispatch";

	private static final String LOCK_UNTIL = "lockUntil";

	private final LockProvider provider;

	private final MongoCollection<Document> locks;

	private final Duration lease;

	private final Clock clock;

	private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "dispatch-lock-heartbeat");
		thread.setDaemon(true);
		return thread;
	});

	private volatile Held leftBehind;

	/**
	 * The {@code lockUntil} this instance last wrote to keep the lock for a pause after
	 * its run; null when it keeps none.
	 */
	private volatile Instant ownPause;

	@Autowired
	DispatchLock(LockProvider provider, MongoTemplate mongo, DispatchTimings timings, Clock clock) {
		this(provider, mongo.getCollection(DispatchLockConfiguration.COLLECTION), timings.lockLease(), clock);
	}

	DispatchLock(LockProvider provider, MongoCollection<Document> locks, Duration lease, Clock clock) {
		this.provider = provider;
		this.locks = locks;
		this.lease = lease;
		this.clock = clock;
	}

	/**
	 * Takes the lock, or empty when another instance holds it. A lock this instance could
	 * not release earlier (because the store was unreachable) is released first. The
	 * heartbeat stops extending it after {@code abandonAt} (by this instance's clock),
	 * however long the run keeps going.
	 */
	public Optional<Held> tryAcquire(Instant abandonAt) {
		Held left = this.leftBehind;
		if (left != null) {
			this.leftBehind = null;
			left.release(Duration.ZERO);
		}
		LockConfiguration configuration = new LockConfiguration(shedLockNow(), NAME, this.lease, Duration.ZERO);
		return this.provider.lock(configuration).map(taken -> new Held(configuration.getLockAtMostUntil(), abandonAt));
	}

	/**
	 * Ends now the pause this instance keeps the lock for after its last run, if nobody
	 * has taken or extended the lock since, so that a run asked for on demand need not
	 * wait for it. Returns whether it ended one; another instance's lock or pause is
	 * never touched.
	 */
	public boolean endOwnPause() {
		Instant until = this.ownPause;
		this.ownPause = null;
		Instant now = shedLockNow();
		return until != null && now.isBefore(until) && move(until, now);
	}

	@Override
	public void destroy() {
		this.heartbeats.shutdownNow();
	}

	/**
	 * Moves the lock's expiry from {@code token} to {@code until} if it still holds
	 * {@code token}, that is, if nobody took or extended it since this instance wrote
	 * that value.
	 */
	private boolean move(Instant token, Instant until) {
		return this.locks
			.updateOne(Filters.and(Filters.eq("_id", NAME), Filters.eq(LOCK_UNTIL, Date.from(token))),
					Updates.set(LOCK_UNTIL, Date.from(until)))
			.getModifiedCount() == 1;
	}

	/**
	 * ShedLock's time, in the milliseconds MongoDB keeps, so that a written
	 * {@code lockUntil} reads back equal.
	 */
	private static Instant shedLockNow() {
		return ClockProvider.now().truncatedTo(ChronoUnit.MILLIS);
	}

	/** A lock held by this instance for a run in flight. */
	public final class Held {

		private volatile Instant token;

		private final Instant abandonAt;

		private final ScheduledFuture<?> heartbeat;

		private Held(Instant token, Instant abandonAt) {
			this.token = token;
			this.abandonAt = abandonAt;
			long every = Math.max(1, DispatchLock.this.lease.toMillis() / 3);
			this.heartbeat = DispatchLock.this.heartbeats.scheduleWithFixedDelay(this::extend, every, every,
					TimeUnit.MILLISECONDS);
		}

		private synchronized void extend() {
			if (DispatchLock.this.clock.instant().isAfter(this.abandonAt)) {
				log.error("The dispatch run is stuck past its deadline and its claims' lease: no longer extending the "
						+ "dispatch lock, so that the other instances can go on");
				this.heartbeat.cancel(false);
				return;
			}
			try {
				Instant until = shedLockNow().plus(DispatchLock.this.lease);
				if (move(this.token, until)) {
					this.token = until;
				}
				else {
					log.warn("The dispatch lock was taken by another instance; the claims still keep runs apart");
					this.heartbeat.cancel(false);
				}
			}
			catch (RuntimeException ex) {
				log.warn("The dispatch lock could not be extended: {}", ex.getMessage());
			}
		}

		/** Whether the heartbeat still extends the lock. */
		boolean renewing() {
			return !this.heartbeat.isDone();
		}

		/**
		 * Stops the heartbeat and releases the lock, keeping it for {@code pause} more
		 * when that is positive, so that scheduled runs of the cluster stay about one
		 * interval apart. Only this instance's own lock is touched. When the store cannot
		 * be reached the lock is kept in mind and released by the next run.
		 */
		public synchronized void release(Duration pause) {
			this.heartbeat.cancel(false);
			Instant now = shedLockNow();
			Instant until = (pause.isNegative() || pause.isZero()) ? now : now.plus(pause);
			try {
				if (!move(this.token, until)) {
					log.debug("The dispatch lock was already taken by another instance: nothing to release");
				}
				else if (until.isAfter(now)) {
					DispatchLock.this.ownPause = until;
				}
			}
			catch (RuntimeException ex) {
				if (now.isBefore(this.token)) {
					log.warn("Could not release the dispatch lock yet: {}", ex.getMessage());
					DispatchLock.this.leftBehind = this;
				}
			}
		}

	}

}
