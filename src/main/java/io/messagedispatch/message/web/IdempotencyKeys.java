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
 * one key cannot both create messages. Keys are each client's own: one client's key never
 * replays (or conflicts with) another's request. A record is forgotten after the
 * retention (see {@link IdempotencyKeyCollection}).
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
	 * Takes {@code client}'s key for a request with this fingerprint and these (not yet
	 * stored) message ids. Returns the earlier use when the client took the key already.
	 * @param client the client system that sends the key; null for the operator (and the
	 * open API)
	 */
	/** What this key was first used for, if it is remembered; takes nothing. */
	Optional<KeyUse> find(String client, String key) {
		return Optional
			.ofNullable(this.keys.find(Filters.eq(IdempotencyKeyCollection.ID, recordId(client, key))).first())
			.map(earlier -> new KeyUse(earlier.getString("fingerprint"), earlier.getList("messageIds", String.class)));
	}

	Optional<KeyUse> take(String client, String key, String fingerprint, List<String> messageIds) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		Object id = recordId(client, key);
		Document use = new Document(IdempotencyKeyCollection.ID, id).append("fingerprint", fingerprint)
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
		Document earlier = this.keys.find(Filters.eq(IdempotencyKeyCollection.ID, id)).first();
		if (earlier == null) {
			// expired between the insert and the read: take it again
			return take(client, key, fingerprint, messageIds);
		}
		return Optional.of(new KeyUse(earlier.getString("fingerprint"), earlier.getList("messageIds", String.class)));
	}

	/**
	 * The record's {@code _id}: the key itself for the operator, as it always was, and
	 * {@code {client, key}} for a client, a document, so that no client's key can be the
	 * operator's or another client's, whatever characters it holds.
	 */
	private static Object recordId(String client, String key) {
		return (client == null) ? key : new Document("client", client).append("key", key);
	}

	/** An earlier request made with the same key. */
	record KeyUse(String fingerprint, List<String> messageIds) {
	}

}
