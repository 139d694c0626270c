package io.messagedispatch.delivery;

import java.time.Duration;

import com.mongodb.client.MongoCollection;
import io.messagedispatch.message.mongo.ExpiryIndexes;
import org.bson.Document;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code unmatched_delivery_reports} collection: the newest report for each provider
 * id that no message is known under yet, keyed by that id, with a TTL index on
 * {@code receivedAt}. A report is forgotten
 * {@code messaging.delivery-reports.unmatched-retention} after it was last received: by
 * MongoDB's TTL monitor, and on the embedded store, which never deletes by a TTL index,
 * by the retention sweep. Lookups are by {@code _id}, the index every collection has.
 */
@Component
public class UnmatchedReportCollection {

	public static final String COLLECTION = "unmatched_delivery_reports";

	/** The provider's id of the message. */
	public static final String ID = "_id";

	public static final String STATUS = "status";

	public static final String AT = "at";

	public static final String ERROR_CODE = "errorCode";

	/** When the report was last received; retention counts from here. */
	public static final String RECEIVED_AT = "receivedAt";

	/** The TTL index that forgets a report after the retention. */
	public static final String EXPIRY_INDEX = "expiry";

	private final MongoCollection<Document> reports;

	private final Duration retention;

	private final boolean expiring;

	@Autowired
	UnmatchedReportCollection(MongoTemplate mongo, DeliveryReportProperties properties) {
		this(mongo, properties.unmatchedRetention());
	}

	/**
	 * The collection whose reports are kept {@code retention} after they were received.
	 */
	public UnmatchedReportCollection(MongoTemplate mongo, Duration retention) {
		this.reports = mongo.getCollection(COLLECTION);
		this.retention = retention;
		this.expiring = ExpiryIndexes.ensure(mongo.getDb(), this.reports, EXPIRY_INDEX, RECEIVED_AT, this.retention);
	}

	/** The collection, for queries and single updates. */
	public MongoCollection<Document> documents() {
		return this.reports;
	}

	/**
	 * Whether the TTL index is in place (on mongo-java-server it is, but never deletes).
	 */
	public boolean expiring() {
		return this.expiring;
	}

	/** How long a report is kept after it was last received. */
	public Duration retention() {
		return this.retention;
	}

}
