package io.messagedispatch.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.messagedispatch.message.MessageIds;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.mongo.AttemptDocuments;
import io.messagedispatch.message.mongo.MessageCollection;
import io.messagedispatch.message.mongo.MessageDocuments;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Repository;

import static io.messagedispatch.message.mongo.MessageDocuments.ATTEMPTS;
import static io.messagedispatch.message.mongo.MessageDocuments.EXPIRES_AT;
import static io.messagedispatch.message.mongo.MessageDocuments.ID;
import static io.messagedispatch.message.mongo.MessageDocuments.LAST_ERROR;
import static io.messagedispatch.message.mongo.MessageDocuments.LEASE_UNTIL;
import static io.messagedispatch.message.mongo.MessageDocuments.NEXT_ATTEMPT_AT;
import static io.messagedispatch.message.mongo.MessageDocuments.OWNER;
import static io.messagedispatch.message.mongo.MessageDocuments.SENT_AT;
import static io.messagedispatch.message.mongo.MessageDocuments.SETTLED_AT;
import static io.messagedispatch.message.mongo.MessageDocuments.STATUS;
import static io.messagedispatch.message.mongo.MessageDocuments.UPDATED_AT;
import static io.messagedispatch.message.mongo.MessageDocuments.WEBHOOK_MESSAGE_ID;

/**
 * The queue side of the {@code messages} collection: claims, outcomes and leases. A claim
 * is a conditional update from {@code unsent} to {@code sending} under a unique owner,
 * and every result is recorded only while that claim is still held.
 */
@Repository
public class MessageQueue {

	private static final Logger log = LoggerFactory.getLogger(MessageQueue.class);

	private final MessageCollection collection;

	private final MongoCollection<Document> messages;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	@Autowired
	public MessageQueue(MessageCollection collection, Clock clock, ApplicationEventPublisher events) {
		this.collection = collection;
		this.messages = collection.documents();
		this.clock = clock;
		this.events = events;
	}

	/** A queue that tells nobody what it recorded. */
	public MessageQueue(MessageCollection collection, Clock clock) {
		this(collection, clock, event -> {
		});
	}

	/**
	 * Opens this run's stream of claims on the due messages, oldest first;
	 * {@code batchSize} is how many it reads from the store at a time. Close it when the
	 * run ends.
	 */
	public ClaimStream openClaims(String owner, Duration lease, int batchSize) {
		return new ClaimStream(this.collection, this.clock, owner, lease, batchSize);
	}

	/**
	 * Records a chunk of outcomes in one bulk write, each only while {@code owner} still
	 * holds the claim, and returns the ids of those it recorded. The others were taken
	 * over by another runner after their lease expired, or were refused by the database;
	 * a refused one is settled on its own with the fewest fields that say what happened.
	 * Then, when any was recorded as sent under a provider's id, it publishes
	 * {@link SendsRecorded}, in this thread.
	 */
	public Set<String> record(String owner, List<? extends DeliveryOutcome> outcomes) {
		Set<String> recorded = write(owner, outcomes);
		Set<String> providerIds = new LinkedHashSet<>();
		for (DeliveryOutcome outcome : outcomes) {
			if (outcome instanceof DeliveryOutcome.Sent sent && sent.webhookMessageId() != null
					&& recorded.contains(sent.messageId())) {
				providerIds.add(sent.webhookMessageId());
			}
		}
		if (!providerIds.isEmpty()) {
			this.events.publishEvent(new SendsRecorded(providerIds));
		}
		return recorded;
	}

	private Set<String> write(String owner, List<? extends DeliveryOutcome> outcomes) {
		if (outcomes.isEmpty()) {
			return Set.of();
		}
		Date now = Date.from(now());
		BsonDateTime recordedAt = new BsonDateTime(now.getTime());
		List<WriteModel<Document>> updates = new ArrayList<>(outcomes.size());
		for (DeliveryOutcome outcome : outcomes) {
			updates.add(new UpdateOneModel<>(MessageDocuments.heldKey(outcome.messageId(), owner),
					result(outcome, recordedAt)));
		}
		MessageCollection.BulkOutcome written = this.collection.bulkWrite(updates);
		for (int index : written.refused().keySet()) {
			settleRefused(owner, outcomes.get(index), written.refused().get(index), now);
		}
		if (written.modified() == outcomes.size()) {
			return outcomes.stream()
				.map(DeliveryOutcome::messageId)
				.collect(Collectors.toCollection(LinkedHashSet::new));
		}
		Set<String> recorded = recordedBy(owner, outcomes);
		if (recorded.size() < outcomes.size()) {
			log.warn("{} of {} outcome(s) not recorded: their claim {} expired and was taken over, or was refused",
					outcomes.size() - recorded.size(), outcomes.size(), owner);
		}
		return recorded;
	}

	/**
	 * Which of these outcomes are recorded under {@code owner}: releases and take-overs
	 * clear or change the owner, so a settled message that still names it was settled by
	 * it.
	 */
	private Set<String> recordedBy(String owner, List<? extends DeliveryOutcome> outcomes) {
		Set<String> recorded = new LinkedHashSet<>();
		this.messages
			.find(Filters.and(Filters.in(ID, outcomes.stream().map(o -> MessageIds.toStored(o.messageId())).toList()),
					Filters.eq(OWNER, owner), Filters.ne(STATUS, MessageStatus.SENDING.value())))
			.projection(Projections.include(ID))
			.forEach(document -> recorded.add(MessageIds.toText(document.get(ID))));
		return outcomes.stream()
			.map(DeliveryOutcome::messageId)
			.filter(recorded::contains)
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	/**
	 * An outcome the database refused (a validator, a size limit): record it with the
	 * fewest fields, so that the message does not wait for its lease and is not sent
	 * again only because its outcome did not fit.
	 */
	private void settleRefused(String owner, DeliveryOutcome outcome, String error, Date now) {
		String reason = MessageDocuments.truncate("outcome only partly recorded, the database refused it: " + error);
		Bson settled;
		if (outcome instanceof DeliveryOutcome.Sent sent) {
			settled = Updates.combine(Updates.set(STATUS, MessageStatus.SENT.value()),
					Updates.set(SENT_AT, MessageDocuments.storable(sent.sentAt())), Updates.set(LAST_ERROR, reason));
			// with the provider's id if the database takes it: delivery reports find the
			// message by it (it may be what was refused, a unique index say)
			if (sent.webhookMessageId() != null && settle(owner, outcome,
					Updates.combine(settled, Updates.set(WEBHOOK_MESSAGE_ID, sent.webhookMessageId())), now)) {
				return;
			}
		}
		else if (outcome instanceof DeliveryOutcome.RetryLater retry) {
			settled = Updates.combine(Updates.set(STATUS, MessageStatus.UNSENT.value()),
					Updates.set(NEXT_ATTEMPT_AT, MessageDocuments.storable(retry.nextAttemptAt())),
					Updates.set(LAST_ERROR, reason));
		}
		else {
			settled = Updates.combine(Updates.set(STATUS, finalStatus(outcome).value()),
					Updates.set(LAST_ERROR, reason));
		}
		if (!settle(owner, outcome, settled, now)) {
			log.error("Message {}: the database refused its outcome twice; it stays claimed until its lease expires",
					outcome.messageId());
		}
	}

	private boolean settle(String owner, DeliveryOutcome outcome, Bson settled, Date now) {
		Bson update = Updates.combine(settled, Updates.set(UPDATED_AT, now), Updates.unset(LEASE_UNTIL));
		if (!(outcome instanceof DeliveryOutcome.RetryLater)) {
			update = Updates.combine(update, Updates.set(SETTLED_AT, now));
		}
		try {
			this.messages.updateOne(MessageDocuments.heldKey(outcome.messageId(), owner), update);
			return true;
		}
		catch (MongoException ex) {
			log.warn("Message {}: the database refused a settlement of its outcome: {}", outcome.messageId(),
					ex.getMessage());
			return false;
		}
	}

	/**
	 * The update that records one outcome and appends its entries to the attempt log,
	 * built as BSON directly: a chunk encodes a thousand of these, and the builders'
	 * per-field conversion was a measurable part of the writer's CPU.
	 */
	private static BsonDocument result(DeliveryOutcome outcome, BsonDateTime now) {
		BsonDocument set = new BsonDocument(UPDATED_AT, now);
		if (outcome instanceof DeliveryOutcome.Sent sent) {
			set.append(STATUS, new BsonString(MessageStatus.SENT.value()))
				.append(SENT_AT, date(MessageDocuments.storable(sent.sentAt())))
				.append(WEBHOOK_MESSAGE_ID, text(sent.webhookMessageId()))
				.append(LAST_ERROR, BsonNull.VALUE)
				.append(SETTLED_AT, now);
		}
		else if (outcome instanceof DeliveryOutcome.RetryLater retry) {
			set.append(STATUS, new BsonString(MessageStatus.UNSENT.value()))
				.append(NEXT_ATTEMPT_AT, date(MessageDocuments.storable(retry.nextAttemptAt())))
				.append(LAST_ERROR, text(MessageDocuments.truncate(retry.error())));
		}
		else {
			set.append(STATUS, new BsonString(finalStatus(outcome).value()))
				.append(LAST_ERROR, text(MessageDocuments.truncate(outcome.error())))
				.append(SETTLED_AT, now);
		}
		BsonDocument counts = new BsonDocument(ATTEMPTS, new BsonInt32(outcome.posts()));
		BsonDocument update = new BsonDocument("$set", set).append("$unset",
				new BsonDocument(LEASE_UNTIL, new BsonString("")));
		if (!outcome.log().isEmpty()) {
			counts.append(AttemptDocuments.WRITTEN, new BsonInt32(outcome.log().size()));
			update.append("$push", AttemptDocuments.push(outcome.log()));
		}
		return update.append("$inc", counts);
	}

	private static BsonValue date(Date date) {
		return new BsonDateTime(date.getTime());
	}

	private static BsonValue text(String text) {
		return (text != null) ? new BsonString(text) : BsonNull.VALUE;
	}

	private static MessageStatus finalStatus(DeliveryOutcome outcome) {
		return outcome instanceof DeliveryOutcome.Expired ? MessageStatus.EXPIRED : MessageStatus.FAILED;
	}

	/**
	 * Puts every message still claimed by {@code owner} back in the queue, due at once,
	 * except those in {@code stillSending} (their POST may still be running: they keep
	 * their lease). Used when a run ends early.
	 */
	public int releaseClaims(String owner, Collection<String> stillSending) {
		Bson held = Filters.and(Filters.eq(OWNER, owner), Filters.eq(STATUS, MessageStatus.SENDING.value()));
		if (!stillSending.isEmpty()) {
			held = Filters.and(held, Filters.nin(ID, stillSending.stream().map(MessageIds::toStored).toList()));
		}
		return (int) this.messages.updateMany(held, released(now())).getModifiedCount();
	}

	/**
	 * Puts messages whose claim expired more than {@code clockSkew} ago (their runner
	 * died or stalled) back in the queue, due at once. The lease was stamped by the
	 * claimer's clock and is compared with this instance's, so the allowance keeps a live
	 * run's messages safe from an instance whose clock runs ahead by up to that much.
	 * Returns how many.
	 */
	public int releaseExpiredClaims(Duration clockSkew) {
		Instant now = now();
		int released = (int) this.messages.updateMany(Filters.and(Filters.eq(STATUS, MessageStatus.SENDING.value()),
				Filters.lte(LEASE_UNTIL, Date.from(now.minus(clockSkew)))), released(now))
			.getModifiedCount();
		if (released > 0) {
			log.warn("Put {} message(s) back in the queue whose claim had expired (their runner died or stalled)",
					released);
		}
		return released;
	}

	/**
	 * Settles the unsent messages whose {@code expiresAt} has passed as {@code expired},
	 * whether or not the processor runs, so that none is ever POSTed and their status
	 * says so. A message being sent is left to its run, which checks the time before
	 * every POST. Returns how many.
	 */
	public int expireDue() {
		Date now = Date.from(now());
		int expired = (int) this.messages
			.updateMany(Filters.and(Filters.eq(STATUS, MessageStatus.UNSENT.value()), Filters.lte(EXPIRES_AT, now)),
					Updates.combine(Updates.set(STATUS, MessageStatus.EXPIRED.value()),
							Updates.set(LAST_ERROR, "expired before it could be sent"), Updates.set(UPDATED_AT, now),
							Updates.set(SETTLED_AT, now)))
			.getModifiedCount();
		if (expired > 0) {
			log.info("{} unsent message(s) expired before they could be sent", expired);
		}
		return expired;
	}

	private static Bson released(Instant now) {
		return Updates.combine(Updates.set(STATUS, MessageStatus.UNSENT.value()),
				Updates.set(NEXT_ATTEMPT_AT, Date.from(now)), Updates.set(UPDATED_AT, Date.from(now)),
				Updates.unset(OWNER), Updates.unset(LEASE_UNTIL));
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
