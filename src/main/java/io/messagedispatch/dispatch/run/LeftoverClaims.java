package io.messagedispatch.dispatch.run;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.messagedispatch.dispatch.job.UnrecordedOutcomes;
import io.messagedispatch.queue.MessageQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * What runs leave behind in the queue: outcomes the store did not take yet, claims of
 * runs that broke off, and claims of dead instances whose lease expired. Each is settled
 * as soon as the store answers again, so none waits for a lease longer than it must.
 */
@Component
public class LeftoverClaims {

	private static final Logger log = LoggerFactory.getLogger(LeftoverClaims.class);

	private final MessageQueue queue;

	private final UnrecordedOutcomes unrecorded;

	private final DispatchTimings timings;

	private final Set<String> unreleasedOwners = ConcurrentHashMap.newKeySet();

	LeftoverClaims(MessageQueue queue, UnrecordedOutcomes unrecorded, DispatchTimings timings) {
		this.queue = queue;
		this.unrecorded = unrecorded;
		this.timings = timings;
	}

	/**
	 * Records the outcomes kept from earlier runs, then puts back the claims of earlier
	 * runs that could not be released when they broke off.
	 */
	void settle() {
		this.unrecorded.flush(this.queue);
		this.unreleasedOwners.removeIf(owner -> tryRelease(owner, Set.of()));
	}

	/** Records the outcomes kept from earlier runs, as far as the store takes them. */
	void flushOutcomes() {
		this.unrecorded.flush(this.queue);
	}

	/**
	 * Puts back the claims whose lease expired (and the clock skew allowance with it),
	 * and settles the unsent messages whose time ran out, while the processor is stopped.
	 */
	void releaseExpired() {
		this.queue.releaseExpiredClaims(this.timings.clockSkew());
		this.queue.expireDue();
	}

	/**
	 * Puts the messages a broken-off run still holds back in the queue, except those in
	 * {@code stillSending}; when the store cannot be reached, remembers the owner for
	 * {@link #settle()}.
	 */
	void release(String owner, Set<String> stillSending) {
		if (!tryRelease(owner, stillSending)) {
			this.unreleasedOwners.add(owner);
		}
	}

	/**
	 * Puts the messages a broken-off run still holds back in the queue, except those
	 * still being sent and those whose outcome waits in {@link UnrecordedOutcomes}.
	 * Returns false when the store could not be reached; the next run tries again, and
	 * the lease is the last resort.
	 */
	private boolean tryRelease(String owner, Set<String> stillSending) {
		try {
			Set<String> kept = new HashSet<>(stillSending);
			kept.addAll(this.unrecorded.heldFor(owner));
			int released = this.queue.releaseClaims(owner, kept);
			if (released > 0) {
				log.info("Put {} claimed but unrecorded message(s) back in the queue", released);
			}
			return true;
		}
		catch (RuntimeException ex) {
			log.warn("Could not release the claims of {} yet: {}", owner, ex.getMessage());
			return false;
		}
	}

}
