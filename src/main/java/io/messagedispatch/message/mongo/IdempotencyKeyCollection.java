package io.messagedispatch.message.mongo;

import java.time.Duration;

import com.mongodb.client.MongoCollection;
import io.messagedispatch.message.MessageProperties;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code idempotency_keys} collection: one document per {@code Idempotency-Key}
 * taken, keyed by the key, with its TTL index on {@code createdAt}. A key is forgotten
 * {@code messaging.message.idempotency-retention} after it was taken: by MongoDB's TTL
 * monitor, and on the embedded store, which never deletes by a TTL index, by the
 * retention sweep.
 */
@Component
public class IdempotencyKeyCollection {

	public static final String COLLECTION = "idempotency_keys";

	public static final String ID = "_id";

	public static final String CREATED_AT = "createdAt";

	/** The TTL index that forgets a key after the retention. */
	public static final String EXPIRY_INDEX = "expiry";

	private final MongoCollection<Document> keys;

	private final Duration retention;

	private final boolean expiring;

	public IdempotencyKeyCollection(MongoTemplate mongo, MessageProperties properties) {
		this.keys = mongo.getCollection(COLLECTION);
		this.retention = properties.idempotencyRetention();
		this.expiring = ExpiryIndexes.ensure(mongo.getDb(), this.keys, EXPIRY_INDEX, CREATED_AT, this.retention);
	}

	/** The collection, for queries and single updates. */
	public MongoCollection<Document> documents() {
		return this.keys;
	}

	/**
	 * Whether the TTL index is in place (on mongo-java-server it is, but never deletes).
	 */
	public boolean expiring() {
		return this.expiring;
	}

	/** How long a key is remembered after it was taken. */
	public Duration retention() {
		return this.retention;
	}

}
