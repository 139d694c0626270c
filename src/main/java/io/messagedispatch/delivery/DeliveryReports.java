package io.messagedispatch.delivery;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.messagedispatch.delivery.store.ReportedMessages;
import io.messagedispatch.delivery.store.UnmatchedReports;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Takes the provider's delivery reports. A report is recorded on the message known under
 * its id unless that message has a report about the same or a later time, so a repeated
 * report changes nothing and an older one never replaces a newer one. A report whose
 * message is not known yet (the provider can answer faster than the send is recorded) is
 * kept apart; then the message is looked up once more, so that a send recorded between
 * the first lookup and the keeping is not missed. The recording side does the converse
 * ({@link EarlyReports}): it looks for kept reports after it has written the send. Each
 * side writes, then checks the other's write, so at least one of them sees both.
 */
@Component
public class DeliveryReports {

	static final String RECEIVED = "messaging.delivery.reports";

	private static final Logger log = LoggerFactory.getLogger(DeliveryReports.class);

	private final ReportedMessages messages;

	private final UnmatchedReports unmatched;

	private final Map<DeliveryStatus, Counter> received = new EnumMap<>(DeliveryStatus.class);

	DeliveryReports(ReportedMessages messages, UnmatchedReports unmatched, MeterRegistry meters) {
		this.messages = messages;
		this.unmatched = unmatched;
		for (DeliveryStatus status : DeliveryStatus.values()) {
			this.received.put(status,
					Counter.builder(RECEIVED)
						.description("Delivery reports received from the provider, by the status they report")
						.tag("status", status.value())
						.register(meters));
		}
	}

	/** Takes these reports, one after the other, and says what became of them. */
	public ReportsReceived receive(List<DeliveryReport> reports) {
		int applied = 0;
		int unchanged = 0;
		int pending = 0;
		for (DeliveryReport report : reports) {
			this.received.get(report.status()).increment();
			switch (receive(report)) {
				case APPLIED -> applied++;
				case UNCHANGED -> unchanged++;
				case PENDING -> pending++;
			}
		}
		ReportsReceived result = new ReportsReceived(reports.size(), applied, unchanged, pending);
		log.debug("Delivery reports: {}", result);
		return result;
	}

	private Result receive(DeliveryReport report) {
		if (this.messages.apply(report)) {
			return Result.APPLIED;
		}
		if (this.messages.known(report.messageId())) {
			return Result.UNCHANGED;
		}
		this.unmatched.keep(report);
		// the send may have been recorded since the first lookup, and have looked for
		// kept reports before this one was kept: look once more
		if (this.messages.apply(report)) {
			this.unmatched.forget(report);
			return Result.APPLIED;
		}
		if (this.messages.known(report.messageId())) {
			this.unmatched.forget(report);
			return Result.UNCHANGED;
		}
		log.debug("Delivery report on {} kept: no message is known under that id yet", report.messageId());
		return Result.PENDING;
	}

	private enum Result {

		APPLIED, UNCHANGED, PENDING

	}

}
