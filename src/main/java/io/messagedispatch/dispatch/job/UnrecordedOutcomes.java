package io.messagedispatch.dispatch.job;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.messagedispatch.dispatch.run.DispatchTimings;
import io.messagedispatch.queue.DeliveryOutcome;
import io.messagedispatch.queue.MessageQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Outcomes decided (the POSTs are done) but not recorded, because MongoDB failed just
 * then. Putting those claims back would POST the messages again, so they are kept here,
 * claimed, and recorded as soon as the store answers again: before the next run of this
 * instance starts. An outcome kept for longer than its claim's lease is dropped; by then
 * another instance may hold the message.
 */
@Component
public class UnrecordedOutcomes {

	private static final Logger log = LoggerFactory.getLogger(UnrecordedOutcomes.class);

	private final DispatchTimings timings;

	private final Clock clock;

	private final List<Kept> kept = new ArrayList<>();

	UnrecordedOutcomes(DispatchTimings timings, Clock clock) {
		this.timings = timings;
		this.clock = clock;
	}

	/**
	 * Keeps a chunk's outcomes that could not be recorded under {@code owner}'s claims.
	 */
	synchronized void keep(String owner, List<? extends DeliveryOutcome> outcomes) {
		this.kept.add(new Kept(owner, List.copyOf(outcomes), this.clock.instant()));
		log.warn("Keeping {} outcome(s) of {} to record once MongoDB answers again: their claims stay held",
				outcomes.size(), owner);
	}

	/**
	 * The messages of {@code owner} whose outcomes wait here: their claims must not be
	 * put back.
	 */
	public synchronized Set<String> heldFor(String owner) {
		return this.kept.stream()
			.filter(kept -> kept.owner().equals(owner))
			.flatMap(kept -> kept.outcomes().stream())
			.map(DeliveryOutcome::messageId)
			.collect(Collectors.toSet());
	}

	/**
	 * Records what is kept, oldest first; stops at the first store failure and keeps the
	 * rest for the next try.
	 */
	public synchronized void flush(MessageQueue queue) {
		Instant expired = this.clock.instant().minus(this.timings.lease());
		while (!this.kept.isEmpty()) {
			Kept next = this.kept.get(0);
			if (next.keptAt().isBefore(expired)) {
				log.warn("Dropping {} unrecorded outcome(s) of {}: their claims have expired", next.outcomes().size(),
						next.owner());
				this.kept.remove(0);
				continue;
			}
			try {
				Set<String> recorded = queue.record(next.owner(), next.outcomes());
				log.info("Recorded {} of {} outcome(s) of {} kept while MongoDB was unavailable", recorded.size(),
						next.outcomes().size(), next.owner());
				this.kept.remove(0);
			}
			catch (RuntimeException ex) {
				log.warn("Kept outcomes still not recorded: {}", ex.getMessage());
				return;
			}
		}
	}

	private record Kept(String owner, List<? extends DeliveryOutcome> outcomes, Instant keptAt) {
	}

}
