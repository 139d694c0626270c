package io.messagedispatch.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessagePriority;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.mongo.MessageCollection;
import io.messagedispatch.message.mongo.MessageDocuments;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * One dispatch run's claims on the queue. Instead of a sorted query per chunk, it walks
 * one query over the due messages, highest priority then oldest first, in batches of the
 * chunk size, and claims each batch with one bulk write of conditional updates keyed by
 * what it read ({@code _id}, still {@code unsent}, same due time and attempts). A message
 * changed by anyone since it was read is simply not claimed, so a message is never held
 * by two owners. The query is issued again when it runs out, and at least every
 * {@link #REQUERY_AFTER}, so retries that became due and messages that arrived meanwhile
 * take their turn. Not thread-safe: one run reads from one stream.
 */
public final class ClaimStream implements AutoCloseable {

	/**
	 * How long one query is followed before it is issued again to see what became due
	 * meanwhile.
	 */
	static final Duration REQUERY_AFTER = Duration.ofSeconds(30);

	/** Highest priority first, then oldest first: the order of the claim index. */
	private static final Bson CLAIM_ORDER = Sorts.ascending(MessageDocuments.PRIORITY, MessageDocuments.CREATED_AT,
			MessageDocuments.ID);

	private final MessageCollection collection;

	private final MongoCollection<Document> messages;

	private final Clock clock;

	private final String owner;

	private final Duration lease;

	private final int batchSize;

	private MongoCursor<Document> cursor;

	private Instant queriedAt;

	ClaimStream(MessageCollection collection, Clock clock, String owner, Duration lease, int batchSize) {
		this.collection = collection;
		this.messages = collection.documents();
		this.clock = clock;
		this.owner = owner;
		this.lease = lease;
		this.batchSize = batchSize;
	}

	/**
	 * Claims up to {@code max} due messages, highest priority then oldest first, for this
	 * stream's owner. Returns an empty list only when a fresh query found nothing left to
	 * claim.
	 */
	public List<Message> next(int max) {
		boolean fresh = false;
		if (this.cursor == null || !now().isBefore(this.queriedAt.plus(REQUERY_AFTER))) {
			requery();
			fresh = true;
		}
		while (true) {
			List<Document> candidates = new ArrayList<>(Math.min(max, this.batchSize));
			while (candidates.size() < max && this.cursor.hasNext()) {
				candidates.add(this.cursor.next());
			}
			if (candidates.isEmpty()) {
				if (fresh) {
					return List.of();
				}
				requery();
				fresh = true;
				continue;
			}
			List<Message> claimed = claim(candidates);
			if (!claimed.isEmpty()) {
				return claimed;
			}
		}
	}

	private void requery() {
		close();
		this.queriedAt = now();
		this.cursor = this.messages.find(Filters.and(Filters.eq(MessageDocuments.STATUS, MessageStatus.UNSENT.value()),
				// documents without a rank wait for adoption rather than jump the
				// queue; the range keeps the index order
				Filters.gte(MessageDocuments.PRIORITY, MessagePriority.HIGH.rank()),
				Filters.lte(MessageDocuments.PRIORITY, MessagePriority.LOW.rank()),
				Filters.lte(MessageDocuments.NEXT_ATTEMPT_AT, Date.from(this.queriedAt))))
			.sort(CLAIM_ORDER)
			.batchSize(this.batchSize)
			.iterator();
	}

	/**
	 * Claims the candidates in one unordered bulk write. When every one was claimed, the
	 * documents as read are the claimed messages; otherwise another runner took some, and
	 * the ones this owner holds are read back.
	 */
	private List<Message> claim(List<Document> candidates) {
		Instant now = now();
		Date leaseUntil = Date.from(now.plus(this.lease));
		// one update for the whole chunk, converted to BSON once rather than once per
		// message
		BsonDocument claim = new BsonDocument("$set",
				new BsonDocument(MessageDocuments.STATUS, new BsonString(MessageStatus.SENDING.value()))
					.append(MessageDocuments.OWNER, new BsonString(this.owner))
					.append(MessageDocuments.LEASE_UNTIL, new BsonDateTime(leaseUntil.getTime()))
					.append(MessageDocuments.UPDATED_AT, new BsonDateTime(now.toEpochMilli())));
		List<WriteModel<Document>> updates = new ArrayList<>(candidates.size());
		for (Document candidate : candidates) {
			updates.add(new UpdateOneModel<>(MessageDocuments.claimKey(candidate), claim));
		}
		MessageCollection.BulkOutcome written = this.collection.bulkWrite(updates);
		int claimed = written.modified();
		if (claimed == candidates.size()) {
			List<Message> held = new ArrayList<>(candidates.size());
			for (Document candidate : candidates) {
				candidate.put(MessageDocuments.STATUS, MessageStatus.SENDING.value());
				candidate.put(MessageDocuments.OWNER, this.owner);
				candidate.put(MessageDocuments.LEASE_UNTIL, leaseUntil);
				candidate.put(MessageDocuments.UPDATED_AT, Date.from(now));
				held.add(MessageDocuments.fromDocument(candidate));
			}
			return held;
		}
		if (claimed == 0) {
			return List.of();
		}
		List<Object> ids = candidates.stream().map(candidate -> candidate.get(MessageDocuments.ID)).toList();
		return this.messages
			.find(Filters.and(Filters.in(MessageDocuments.ID, ids), Filters.eq(MessageDocuments.OWNER, this.owner),
					Filters.eq(MessageDocuments.STATUS, MessageStatus.SENDING.value())))
			.sort(CLAIM_ORDER)
			.map(MessageDocuments::fromDocument)
			.into(new ArrayList<>());
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	/** Closes the open query, if any; the claims already made stay held. */
	@Override
	public void close() {
		if (this.cursor != null) {
			this.cursor.close();
			this.cursor = null;
		}
	}

}
