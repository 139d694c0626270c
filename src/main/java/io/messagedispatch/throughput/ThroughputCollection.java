package io.messagedispatch.throughput;

import java.time.Duration;

import com.mongodb.client.MongoCollection;
import io.messagedispatch.message.mongo.ExpiryIndexes;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code throughput} collection: one document per minute for the whole cluster, keyed
 * by the minute's first instant ({@code _id} and {@code minute}, the same date), holding
 * the messages sent, retried and given up on in it, to which every instance adds its own.
 * A minute is kept {@link #RETENTION} after it began: MongoDB's TTL monitor deletes it by
 * the TTL index on {@code minute}, and on the embedded store, which never deletes by a
 * TTL index, the retention sweep does.
 */
@Component
public class ThroughputCollection {

	public static final String COLLECTION = "throughput";

	/** The minute's first instant, as a date: the key. */
	public static final String ID = "_id";

	/** The same date as the key, for the TTL index (which cannot be on the key). */
	public static final String MINUTE = "minute";

	static final String SENT = "sent";

	static final String RETRIED = "retried";

	static final String FAILED = "failed";

	/** How long a minute's counts are kept: the longest the chart reaches back. */
	public static final Duration RETENTION = Duration.ofHours(24);

	static final String EXPIRY_INDEX = "expiry";

	private final MongoCollection<Document> minutes;

	private final boolean expiring;

	public ThroughputCollection(MongoTemplate mongo) {
		this.minutes = mongo.getCollection(COLLECTION);
		this.expiring = ExpiryIndexes.ensure(mongo.getDb(), this.minutes, EXPIRY_INDEX, MINUTE, RETENTION);
	}

	/** The collection, for the counters' upserts, the reads and the sweep. */
	public MongoCollection<Document> documents() {
		return this.minutes;
	}

	/**
	 * Whether the TTL index is in place (on mongo-java-server it is, but never deletes).
	 */
	public boolean expiring() {
		return this.expiring;
	}

}
