package io.messagedispatch.delivery;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.messagedispatch.delivery.store.ReportedMessages;
import io.messagedispatch.delivery.store.UnmatchedReports;
import io.messagedispatch.queue.SendsRecorded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Applies the reports that came before their message's send was recorded, right after it
 * is: one query on the kept reports' {@code _id} per recorded chunk, whatever its size,
 * and a write only for each report found. It never fails the recording: when the store
 * fails here, the ids are looked up again with the next chunk's (at most
 * {@value #MAX_CARRIED} of them in this instance's memory).
 */
@Component
class EarlyReports {

	static final int MAX_CARRIED = 10_000;

	private static final Logger log = LoggerFactory.getLogger(EarlyReports.class);

	private final ReportedMessages messages;

	private final UnmatchedReports unmatched;

	private final Set<String> carried = new LinkedHashSet<>();

	EarlyReports(ReportedMessages messages, UnmatchedReports unmatched) {
		this.messages = messages;
		this.unmatched = unmatched;
	}

	@EventListener
	void onSendsRecorded(SendsRecorded event) {
		Set<String> ids = new LinkedHashSet<>(event.webhookMessageIds());
		synchronized (this.carried) {
			ids.addAll(this.carried);
			this.carried.clear();
		}
		try {
			List<DeliveryReport> early = this.unmatched.keptFor(ids);
			for (DeliveryReport report : early) {
				this.messages.apply(report);
				this.unmatched.forget(report);
			}
			if (!early.isEmpty()) {
				log.debug("Applied {} delivery report(s) that came before their send was recorded", early.size());
			}
		}
		catch (RuntimeException ex) {
			carry(ids);
			log.warn("Could not look for delivery reports that came before {} recorded send(s) ({}); looking again"
					+ " with the next chunk", ids.size(), ex.getMessage());
		}
	}

	private void carry(Set<String> ids) {
		synchronized (this.carried) {
			for (String id : ids) {
				if (this.carried.size() >= MAX_CARRIED) {
					log.warn("More than {} recorded sends wait for their early delivery reports to be looked up; the"
							+ " others are not looked up again", MAX_CARRIED);
					return;
				}
				this.carried.add(id);
			}
		}
	}

}
