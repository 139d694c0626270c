package io.messagedispatch.message.web;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.messagedispatch.message.mongo.IdempotencyKeyCollection;
import org.bson.Document;

import org.springframework.stereotype.Component;

/**
 * Remembers which messages a client's {@code Idempotency-Key} created. The key is taken
 * by inserting its record before the messages are stored, so two concurrent requests with
 * one key cannot both create messages. A record is forgotten after the retention (see
 * {@link IdempotencyKeyCollection}).
 */
@Component
class IdempotencyKeys {

	private final MongoCollection<Document> keys;

	private final Clock clock;

	IdempotencyKeys(IdempotencyKeyCollection keys, Clock clock) {
		this.keys = keys.documents();
		this.clock = clock;
	}

	/**
	 * Takes the key for a request with this fingerprint and these (not yet stored)
	 * message ids. Returns the earlier use when the key was taken already.
	 */
	Optional<KeyUse> take(String key, String fingerprint, List<String> messageIds) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		Document use = new Document(IdempotencyKeyCollection.ID, key).append("fingerprint", fingerprint)
			.append("messageIds", messageIds)
			.append(IdempotencyKeyCollection.CREATED_AT, Date.from(now));
		try {
			this.keys.insertOne(use);
			return Optional.empty();
		}
		catch (MongoWriteException ex) {
			if (ErrorCategory.fromErrorCode(ex.getCode()) != ErrorCategory.DUPLICATE_KEY) {
				throw ex;
			}
		}
		Document earlier = this.keys.find(Filters.eq(IdempotencyKeyCollection.ID, key)).first();
		if (earlier == null) {
			// expired between the insert and the read: take it again
			return take(key, fingerprint, messageIds);
		}
		return Optional.of(new KeyUse(earlier.getString("fingerprint"), earlier.getList("messageIds", String.class)));
	}

	/** An earlier request made with the same key. */
	record KeyUse(String fingerprint, List<String> messageIds) {
	}

}
