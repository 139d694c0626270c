package io.messagedispatch.delivery;

import java.time.Duration;
import java.util.Map;

import io.messagedispatch.delivery.store.ReportedMessages;

import org.springframework.stereotype.Component;

/**
 * What operators see of delivery reports: the sent messages by reported delivery status,
 * and the share delivered.
 */
@Component
public class DeliveryOverview {

	private static final Duration COUNT_TIME_LIMIT = Duration.ofSeconds(5);

	private final ReportedMessages messages;

	DeliveryOverview(ReportedMessages messages) {
		this.messages = messages;
	}

	/**
	 * The sent messages by reported delivery status, counted in one aggregation that
	 * gives up after 5 seconds. A status that is none of the provider's (written by
	 * another tool) counts as no report.
	 */
	public DeliverySummary summary() {
		Map<String, Long> counts = this.messages.countSentByDelivery(COUNT_TIME_LIMIT);
		long delivered = counts.getOrDefault(DeliveryStatus.DELIVERED.value(), 0L);
		long undelivered = counts.getOrDefault(DeliveryStatus.UNDELIVERED.value(), 0L);
		long failed = counts.getOrDefault(DeliveryStatus.FAILED.value(), 0L);
		long all = counts.values().stream().mapToLong(Long::longValue).sum();
		return DeliverySummary.of(delivered, undelivered, failed, all - delivered - undelivered - failed);
	}

}
