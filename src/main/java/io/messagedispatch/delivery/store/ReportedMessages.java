package io.messagedispatch.delivery.store;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import io.messagedispatch.delivery.DeliveryReport;
import io.messagedispatch.message.Delivery;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.mongo.MessageCollection;
import io.messagedispatch.message.mongo.MessageDocuments;
import org.bson.Document;

import org.springframework.stereotype.Component;

import static io.messagedispatch.message.mongo.MessageDocuments.DELIVERY;
import static io.messagedispatch.message.mongo.MessageDocuments.DELIVERY_AT;
import static io.messagedispatch.message.mongo.MessageDocuments.DELIVERY_STATUS;
import static io.messagedispatch.message.mongo.MessageDocuments.ID;
import static io.messagedispatch.message.mongo.MessageDocuments.STATUS;
import static io.messagedispatch.message.mongo.MessageDocuments.UPDATED_AT;
import static io.messagedispatch.message.mongo.MessageDocuments.WEBHOOK_MESSAGE_ID;

/**
 * Delivery reports on the messages they are about, found by the provider's id
 * ({@code webhookMessageId}): on MongoDB from its partial index, on the embedded store by
 * a scan. Recording one is a single conditional update, so reports that cross, repeat or
 * come out of order settle on the newest without a transaction.
 */
@Component
public class ReportedMessages {

	private static final String DELIVERY_AT_PATH = DELIVERY + "." + DELIVERY_AT;

	private final MongoCollection<Document> messages;

	private final Clock clock;

	public ReportedMessages(MessageCollection collection, Clock clock) {
		this.messages = collection.documents();
		this.clock = clock;
	}

	/**
	 * Records the report on the message known under its id, unless that message has a
	 * report about the same or a later time. Returns whether it did.
	 */
	public boolean apply(DeliveryReport report) {
		Date now = Date.from(this.clock.instant().truncatedTo(ChronoUnit.MILLIS));
		Delivery delivery = new Delivery(report.status().value(), report.at(), report.errorCode());
		return this.messages.updateOne(
				Filters.and(Filters.eq(WEBHOOK_MESSAGE_ID, report.messageId()),
						Filters.not(Filters.gte(DELIVERY_AT_PATH, Date.from(report.at())))),
				Updates.combine(Updates.set(DELIVERY, MessageDocuments.toDocument(delivery)),
						Updates.set(UPDATED_AT, now)))
			.getMatchedCount() == 1;
	}

	/** Whether a message is known under this id of the provider. */
	public boolean known(String providerId) {
		return this.messages.find(Filters.eq(WEBHOOK_MESSAGE_ID, providerId))
			.projection(Projections.include(ID))
			.limit(1)
			.first() != null;
	}

	/**
	 * How many {@code sent} messages have each reported delivery status, under the key
	 * {@code null} those with no report yet; one aggregation that gives up after
	 * {@code timeLimit}.
	 */
	public Map<String, Long> countSentByDelivery(Duration timeLimit) {
		Map<String, Long> counts = new HashMap<>();
		this.messages
			.aggregate(List.of(Aggregates.match(Filters.eq(STATUS, MessageStatus.SENT.value())),
					Aggregates.group("$" + DELIVERY + "." + DELIVERY_STATUS, Accumulators.sum("count", 1))))
			.maxTime(Math.max(1, timeLimit.toMillis()), TimeUnit.MILLISECONDS)
			.forEach(group -> {
				if (group.get("count") instanceof Number count) {
					String status = (group.get(ID) instanceof String value) ? value : null;
					counts.merge(status, count.longValue(), Long::sum);
				}
			});
		return counts;
	}

}
