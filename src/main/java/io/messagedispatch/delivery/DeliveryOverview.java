package io.messagedispatch.delivery;

import java.time.Duration;
import java.util.Map;

import com.mongodb.MongoExecutionTimeoutException;
import io.messagedispatch.delivery.store.ReportedMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * What operators see of delivery reports: the sent messages by reported delivery status,
 * and the share delivered.
 */
@Component
public class DeliveryOverview {

	private static final Logger log = LoggerFactory.getLogger(DeliveryOverview.class);

	private static final Duration COUNT_TIME_LIMIT = Duration.ofSeconds(5);

	private final ReportedMessages messages;

	DeliveryOverview(ReportedMessages messages) {
		this.messages = messages;
	}

	/**
	 * The sent messages by reported delivery status, counted in one aggregation that
	 * gives up after 5 seconds. A status that is none of the provider's (written by
	 * another tool) counts as no report. Null when the count gave up: the rest of the
	 * status is still worth reading.
	 */
	public DeliverySummary summary() {
		Map<String, Long> counts;
		try {
			counts = this.messages.countSentByDelivery(COUNT_TIME_LIMIT);
		}
		catch (MongoExecutionTimeoutException ex) {
			log.warn("Delivery reports not counted: the count took longer than {}", COUNT_TIME_LIMIT);
			return null;
		}
		long delivered = counts.getOrDefault(DeliveryStatus.DELIVERED.value(), 0L);
		long undelivered = counts.getOrDefault(DeliveryStatus.UNDELIVERED.value(), 0L);
		long failed = counts.getOrDefault(DeliveryStatus.FAILED.value(), 0L);
		long all = counts.values().stream().mapToLong(Long::longValue).sum();
		return DeliverySummary.of(delivered, undelivered, failed, all - delivered - undelivered - failed);
	}

}
