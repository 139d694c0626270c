package io.messagedispatch.message;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;

/**
 * The message queue in MongoDB. Every change is a single-document atomic update or a bulk write of such updates, so
 * it works on any MongoDB (and mongo-java-server) without sessions or transactions. A claim is a conditional update
 * from {@code unsent} to {@code sending} under a unique owner, and every result is recorded only while that claim is
 * still held.
 */
@Repository
public class MessageStore {

	private static final Logger log = LoggerFactory.getLogger(MessageStore.class);

	static final String COLLECTION = "messages";

	static final String ID = "_id";

	static final String PHONE_NUMBER = "phoneNumber";

	static final String CONTENT = "content";

	static final String STATUS = "status";

	static final String ATTEMPTS = "attempts";

	static final String CREATED_AT = "createdAt";

	static final String UPDATED_AT = "updatedAt";

	static final String NEXT_ATTEMPT_AT = "nextAttemptAt";

	private static final String SENT_AT = "sentAt";

	private static final String WEBHOOK_MESSAGE_ID = "webhookMessageId";

	static final String LAST_ERROR = "lastError";

	static final String OWNER = "owner";

	static final String LEASE_UNTIL = "leaseUntil";

	private static final int MAX_ERROR_LENGTH = 500;

	private static final Duration COUNT_TIME_LIMIT = Duration.ofSeconds(5);

	private final MongoCollection<Document> messages;

	private final Clock clock;

	public MessageStore(MongoTemplate mongo, Clock clock) {
		// UUIDs and other binary ids stay as stored, whatever the client's UUID representation: an id read is
		// always found again by the same value
		this.messages = mongo.getCollection(COLLECTION)
			.withCodecRegistry(CodecRegistries.withUuidRepresentation(mongo.getCollection(COLLECTION).getCodecRegistry(),
					UuidRepresentation.UNSPECIFIED));
		this.clock = clock;
		ensureIndexes();
		if (isMongoJavaServer(mongo)) {
			ensureKeyIndexes();
		}
	}

	/**
	 * Creates the indexes the queue queries need; creating an existing index is a no-op, so this is safe on every
	 * start.
	 */
	private void ensureIndexes() {
		// claim: equality on status, sort on creation order, range on due time
		this.messages.createIndex(Indexes.ascending(STATUS, CREATED_AT, ID, NEXT_ATTEMPT_AT),
				new IndexOptions().name("status_created_due"));
		// lease expiry of claims left by a dead instance
		this.messages.createIndex(Indexes.ascending(STATUS, LEASE_UNTIL), new IndexOptions().name("status_lease"));
		// the sent-messages listing, newest first
		this.messages.createIndex(Indexes.descending(SENT_AT), new IndexOptions().name("sent_at"));
		// documents written by other tools, which have no due time yet
		this.messages.createIndex(Indexes.ascending(NEXT_ATTEMPT_AT), new IndexOptions().name("next_attempt"));
	}

	/**
	 * mongo-java-server (the embedded store) has no secondary index but unique ones, and answers a query from an
	 * index only when the query is an equality on exactly that index's fields; without these two, every conditional
	 * update of a claim or an outcome would scan the whole collection. They are unique because they hold the
	 * {@code _id}. MongoDB finds those documents by {@code _id} and gets neither.
	 */
	private void ensureKeyIndexes() {
		this.messages.createIndex(Indexes.ascending(ID, STATUS, NEXT_ATTEMPT_AT, ATTEMPTS),
				new IndexOptions().name("claim_key").unique(true));
		this.messages.createIndex(Indexes.ascending(ID, OWNER, STATUS),
				new IndexOptions().name("held_key").unique(true));
	}

	private static boolean isMongoJavaServer(MongoTemplate mongo) {
		try {
			return "java".equals(mongo.getDb().runCommand(new Document("serverStatus", 1)).get("process"));
		}
		catch (MongoException ex) {
			// serverStatus needs a monitoring role on MongoDB; a server that refuses it is not the embedded one
			return false;
		}
	}

	/**
	 * The filter that claims a message as it was read: same id, still {@code unsent}, same due time and attempts.
	 * A plain equality document, the shape the {@code claim_key} index answers.
	 */
	static Document claimKey(Document read) {
		return new Document(ID, read.get(ID)).append(STATUS, MessageStatus.UNSENT.value())
			.append(NEXT_ATTEMPT_AT, read.get(NEXT_ATTEMPT_AT))
			.append(ATTEMPTS, read.get(ATTEMPTS));
	}

	/**
	 * The filter that matches a message only while {@code owner} holds its claim, the shape the {@code held_key}
	 * index answers.
	 */
	private static Document heldKey(String id, String owner) {
		return new Document(ID, MessageIds.toStored(id)).append(OWNER, owner).append(STATUS, MessageStatus.SENDING.value());
	}

	public Message insert(Message message) {
		insertAll(List.of(message));
		return message;
	}

	/**
	 * Inserts the messages; ids that are already stored are left as they are, so a retried insert is harmless.
	 */
	public void insertAll(List<Message> batch) {
		if (batch.isEmpty()) {
			return;
		}
		List<Document> documents = batch.stream().map(MessageStore::toDocument).toList();
		try {
			this.messages.insertMany(documents, new InsertManyOptions().ordered(false));
		}
		catch (MongoBulkWriteException ex) {
			boolean onlyDuplicates = ex.getWriteErrors()
				.stream()
				.allMatch(error -> ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY);
			if (!onlyDuplicates) {
				throw ex;
			}
		}
	}

	public Optional<Message> findById(String id) {
		return Optional.ofNullable(this.messages.find(Filters.eq(ID, MessageIds.toStored(id))).first())
			.map(MessageStore::fromDocument);
	}

	/**
	 * The messages with these ids, in the order of the ids; ids that are not stored are left out.
	 */
	public List<Message> findAllById(List<String> ids) {
		Map<String, Message> found = new LinkedHashMap<>();
		this.messages.find(Filters.in(ID, ids.stream().map(MessageIds::toStored).toList()))
			.forEach(document -> {
				Message message = fromDocument(document);
				found.put(message.id(), message);
			});
		return ids.stream().map(found::get).filter(message -> message != null).toList();
	}

	/**
	 * The most recently sent messages, newest first.
	 */
	public List<Message> findSent(int limit) {
		return this.messages.find(Filters.eq(STATUS, MessageStatus.SENT.value()))
			.sort(Sorts.descending(SENT_AT))
			.limit(limit)
			.map(MessageStore::fromDocument)
			.into(new ArrayList<>());
	}

	/**
	 * Messages in one status, oldest first.
	 */
	public List<Message> findByStatus(MessageStatus status, int limit) {
		return this.messages.find(Filters.eq(STATUS, status.value()))
			.sort(Sorts.ascending(CREATED_AT, ID))
			.limit(limit)
			.map(MessageStore::fromDocument)
			.into(new ArrayList<>());
	}

	/**
	 * How many messages are in each status, in one aggregation that gives up after {@link #COUNT_TIME_LIMIT}.
	 * Statuses that are none of ours (not yet adopted) are left out.
	 */
	public Map<MessageStatus, Long> countByStatus() {
		Map<MessageStatus, Long> counts = new EnumMap<>(MessageStatus.class);
		for (MessageStatus status : MessageStatus.values()) {
			counts.put(status, 0L);
		}
		this.messages.aggregate(List.of(Aggregates.group("$" + STATUS, Accumulators.sum("count", 1))))
			.maxTime(COUNT_TIME_LIMIT.toMillis(), TimeUnit.MILLISECONDS)
			.forEach(group -> {
				if (group.get(ID) instanceof String value && group.get("count") instanceof Number count) {
					MessageStatus.fromValue(value)
						.filter(status -> status.value().equals(value))
						.ifPresent(status -> counts.merge(status, count.longValue(), Long::sum));
				}
			});
		return counts;
	}

	/**
	 * How many messages are in each status and when the oldest unsent one was created, for the queue gauges. Each
	 * status is counted on the index that leads with it, and every query gives up after {@code timeLimit}, so a
	 * struggling database never piles up monitoring work.
	 */
	public QueueDepth queueDepth(Duration timeLimit) {
		long limitMillis = Math.max(1, timeLimit.toMillis());
		Map<MessageStatus, Long> counts = new EnumMap<>(MessageStatus.class);
		for (MessageStatus status : MessageStatus.values()) {
			counts.put(status, this.messages.countDocuments(Filters.eq(STATUS, status.value()),
					new CountOptions().maxTime(limitMillis, TimeUnit.MILLISECONDS)));
		}
		Document oldest = this.messages.find(Filters.eq(STATUS, MessageStatus.UNSENT.value()))
			.sort(Sorts.ascending(CREATED_AT, ID))
			.projection(Projections.include(CREATED_AT))
			.limit(1)
			.maxTime(limitMillis, TimeUnit.MILLISECONDS)
			.first();
		return new QueueDepth(counts, oldest == null ? null : createdAt(oldest, null));
	}

	/**
	 * Adopts documents written by other tools (see {@link ImportedDocuments}): each is normalised into a message the
	 * queue can claim, or failed with the reason. Returns how many were adopted; at most {@code limit} per call.
	 */
	public int adoptImported(int limit, Instant leaseHorizon) {
		Instant now = now();
		List<Document> foreign = this.messages.find(ImportedDocuments.nonconforming(leaseHorizon))
			.limit(limit)
			.into(new ArrayList<>());
		if (foreign.isEmpty()) {
			return 0;
		}
		List<WriteModel<Document>> updates = new ArrayList<>(foreign.size());
		for (Document document : foreign) {
			Bson adoption = ImportedDocuments.adopt(document, now, leaseHorizon);
			if (adoption != null) {
				updates.add(new UpdateOneModel<>(ImportedDocuments.asRead(document), adoption));
			}
		}
		if (updates.isEmpty()) {
			return 0;
		}
		int adopted = bulkWrite(updates).modified();
		log.info("Adopted {} of {} message(s) written by another tool", adopted, foreign.size());
		return adopted;
	}

	/**
	 * Puts messages whose claim expired more than {@code clockSkew} ago (their runner died or stalled) back in the
	 * queue, due at once. The lease was stamped by the claimer's clock and is compared with this instance's, so the
	 * allowance keeps a live run's messages safe from an instance whose clock runs ahead by up to that much. Returns
	 * how many.
	 */
	public int releaseExpiredClaims(Duration clockSkew) {
		Instant now = now();
		int released = (int) this.messages
			.updateMany(Filters.and(Filters.eq(STATUS, MessageStatus.SENDING.value()),
					Filters.lte(LEASE_UNTIL, Date.from(now.minus(clockSkew)))), released(now))
			.getModifiedCount();
		if (released > 0) {
			log.warn("Put {} message(s) back in the queue whose claim had expired (their runner died or stalled)",
					released);
		}
		return released;
	}

	private static Bson released(Instant now) {
		return Updates.combine(Updates.set(STATUS, MessageStatus.UNSENT.value()),
				Updates.set(NEXT_ATTEMPT_AT, Date.from(now)), Updates.set(UPDATED_AT, Date.from(now)),
				Updates.unset(OWNER), Updates.unset(LEASE_UNTIL));
	}

	/**
	 * Opens this run's stream of claims on the due messages, oldest first; {@code batchSize} is how many it reads
	 * from the store at a time. Close it when the run ends.
	 */
	public ClaimStream openClaims(String owner, Duration lease, int batchSize) {
		return new ClaimStream(this, this.messages, this.clock, owner, lease, batchSize);
	}

	/**
	 * Records a chunk of outcomes in one bulk write, each only while {@code owner} still holds the claim, and returns
	 * the ids of those it recorded. The others were taken over by another runner after their lease expired, or were
	 * refused by the database; a refused one is settled on its own with the fewest fields that say what happened.
	 */
	public Set<String> record(String owner, List<? extends DeliveryOutcome> outcomes) {
		if (outcomes.isEmpty()) {
			return Set.of();
		}
		Date now = Date.from(now());
		List<WriteModel<Document>> updates = new ArrayList<>(outcomes.size());
		for (DeliveryOutcome outcome : outcomes) {
			updates.add(new UpdateOneModel<>(heldKey(outcome.messageId(), owner), Updates.combine(Updates.set(UPDATED_AT, now),
					Updates.inc(ATTEMPTS, outcome.posts()), Updates.unset(LEASE_UNTIL), result(outcome))));
		}
		BulkOutcome written = bulkWrite(updates);
		for (int index : written.refused().keySet()) {
			settleRefused(owner, outcomes.get(index), written.refused().get(index), now);
		}
		if (written.modified() == outcomes.size()) {
			return outcomes.stream().map(DeliveryOutcome::messageId).collect(Collectors.toCollection(LinkedHashSet::new));
		}
		Set<String> recorded = recordedBy(owner, outcomes);
		if (recorded.size() < outcomes.size()) {
			log.warn("{} of {} outcome(s) not recorded: their claim {} expired and was taken over, or was refused",
					outcomes.size() - recorded.size(), outcomes.size(), owner);
		}
		return recorded;
	}

	/**
	 * Which of these outcomes are recorded under {@code owner}: releases and take-overs clear or change the owner, so
	 * a settled message that still names it was settled by it.
	 */
	private Set<String> recordedBy(String owner, List<? extends DeliveryOutcome> outcomes) {
		Set<String> recorded = new LinkedHashSet<>();
		this.messages
			.find(Filters.and(Filters.in(ID, outcomes.stream().map(o -> MessageIds.toStored(o.messageId())).toList()),
					Filters.eq(OWNER, owner), Filters.ne(STATUS, MessageStatus.SENDING.value())))
			.projection(Projections.include(ID))
			.forEach(document -> recorded.add(MessageIds.toText(document.get(ID))));
		return outcomes.stream().map(DeliveryOutcome::messageId).filter(recorded::contains)
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	/**
	 * An outcome the database refused (a validator, a size limit): record it with the fewest fields, so that the
	 * message does not wait for its lease and is not sent again only because its outcome did not fit.
	 */
	private void settleRefused(String owner, DeliveryOutcome outcome, String error, Date now) {
		String reason = truncate("outcome only partly recorded, the database refused it: " + error);
		Bson settled = outcome instanceof DeliveryOutcome.Sent sent
				? Updates.combine(Updates.set(STATUS, MessageStatus.SENT.value()),
						Updates.set(SENT_AT, storable(sent.sentAt())), Updates.set(LAST_ERROR, reason))
				: outcome instanceof DeliveryOutcome.RetryLater retry
						? Updates.combine(Updates.set(STATUS, MessageStatus.UNSENT.value()),
								Updates.set(NEXT_ATTEMPT_AT, storable(retry.nextAttemptAt())),
								Updates.set(LAST_ERROR, reason))
						: Updates.combine(Updates.set(STATUS, MessageStatus.FAILED.value()),
								Updates.set(LAST_ERROR, reason));
		try {
			this.messages.updateOne(heldKey(outcome.messageId(), owner),
					Updates.combine(settled, Updates.set(UPDATED_AT, now), Updates.unset(LEASE_UNTIL)));
		}
		catch (MongoException ex) {
			log.error("Message {}: the database refused its outcome twice ({}); it stays claimed until its lease expires",
					outcome.messageId(), ex.getMessage());
		}
	}

	/**
	 * An unordered bulk write that reports what it changed and, by index, the writes the database refused, rather
	 * than failing as a whole when some of them were refused.
	 */
	BulkOutcome bulkWrite(List<WriteModel<Document>> updates) {
		try {
			return new BulkOutcome(
					this.messages.bulkWrite(updates, new BulkWriteOptions().ordered(false)).getModifiedCount(), Map.of());
		}
		catch (MongoBulkWriteException ex) {
			Map<Integer, String> refused = new LinkedHashMap<>();
			ex.getWriteErrors().forEach(error -> refused.put(error.getIndex(), error.getMessage()));
			log.warn("The database refused {} of {} write(s): {}", refused.size(), updates.size(),
					ex.getWriteErrors().isEmpty() ? ex.getMessage() : ex.getWriteErrors().get(0).getMessage());
			return new BulkOutcome(ex.getWriteResult().getModifiedCount(), refused);
		}
	}

	/** What a bulk write changed, and the writes refused, by their index. */
	record BulkOutcome(int modified, Map<Integer, String> refused) {
	}

	private static Bson result(DeliveryOutcome outcome) {
		if (outcome instanceof DeliveryOutcome.Sent sent) {
			return Updates.combine(Updates.set(STATUS, MessageStatus.SENT.value()),
					Updates.set(SENT_AT, storable(sent.sentAt())),
					Updates.set(WEBHOOK_MESSAGE_ID, sent.webhookMessageId()), Updates.set(LAST_ERROR, null));
		}
		if (outcome instanceof DeliveryOutcome.RetryLater retry) {
			return Updates.combine(Updates.set(STATUS, MessageStatus.UNSENT.value()),
					Updates.set(NEXT_ATTEMPT_AT, storable(retry.nextAttemptAt())),
					Updates.set(LAST_ERROR, truncate(retry.error())));
		}
		DeliveryOutcome.Failed failed = (DeliveryOutcome.Failed) outcome;
		return Updates.combine(Updates.set(STATUS, MessageStatus.FAILED.value()),
				Updates.set(LAST_ERROR, truncate(failed.error())));
	}

	/**
	 * Puts every message still claimed by {@code owner} back in the queue, due at once, except those in
	 * {@code stillSending} (their POST may still be running: they keep their lease). Used when a run ends early.
	 */
	public int releaseClaims(String owner, Collection<String> stillSending) {
		Bson held = Filters.and(Filters.eq(OWNER, owner), Filters.eq(STATUS, MessageStatus.SENDING.value()));
		if (!stillSending.isEmpty()) {
			held = Filters.and(held, Filters.nin(ID, stillSending.stream().map(MessageIds::toStored).toList()));
		}
		return (int) this.messages.updateMany(held, released(now())).getModifiedCount();
	}

	/**
	 * Puts one failed message back in the queue with its attempts reset. Returns false when it is not failed (or not
	 * stored), so a message is never requeued while it is queued, being sent or sent.
	 */
	public boolean requeue(String id) {
		return this.messages
			.updateOne(Filters.and(Filters.eq(ID, MessageIds.toStored(id)), Filters.eq(STATUS, MessageStatus.FAILED.value())),
					requeued())
			.getModifiedCount() == 1;
	}

	/**
	 * Puts every failed message back in the queue with its attempts reset. Returns how many.
	 */
	public long requeueAllFailed() {
		return this.messages.updateMany(Filters.eq(STATUS, MessageStatus.FAILED.value()), requeued())
			.getModifiedCount();
	}

	private Bson requeued() {
		Date now = Date.from(now());
		return Updates.combine(Updates.set(STATUS, MessageStatus.UNSENT.value()), Updates.set(ATTEMPTS, 0),
				Updates.set(NEXT_ATTEMPT_AT, now), Updates.set(UPDATED_AT, now));
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	static String truncate(String error) {
		if (error == null || error.length() <= MAX_ERROR_LENGTH) {
			return error;
		}
		return error.substring(0, MAX_ERROR_LENGTH);
	}

	private static Instant createdAt(Document document, Instant fallback) {
		if (document.get(CREATED_AT) instanceof Date date) {
			return date.toInstant();
		}
		if (document.get(ID) instanceof ObjectId objectId) {
			return objectId.getDate().toInstant();
		}
		return fallback;
	}

	private static Document toDocument(Message message) {
		Document document = new Document(ID, MessageIds.toStored(message.id()));
		document.put(PHONE_NUMBER, message.phoneNumber());
		document.put(CONTENT, message.content());
		document.put(STATUS, message.status().value());
		document.put(ATTEMPTS, message.attempts());
		document.put(CREATED_AT, date(message.createdAt()));
		document.put(UPDATED_AT, date(message.updatedAt()));
		document.put(NEXT_ATTEMPT_AT, date(message.nextAttemptAt()));
		document.put(SENT_AT, date(message.sentAt()));
		document.put(WEBHOOK_MESSAGE_ID, message.webhookMessageId());
		document.put(LAST_ERROR, message.lastError());
		document.put(OWNER, message.owner());
		document.put(LEASE_UNTIL, date(message.leaseUntil()));
		return document;
	}

	/**
	 * Reads a document leniently: a document written by another tool may miss fields or carry other types.
	 */
	static Message fromDocument(Document document) {
		Object status = document.get(STATUS);
		MessageStatus known = status == null ? MessageStatus.UNSENT
				: MessageStatus.fromValue(String.valueOf(status)).orElse(null);
		return new Message(MessageIds.toText(document.get(ID)), string(document, PHONE_NUMBER),
				string(document, CONTENT), known,
				document.get(ATTEMPTS) instanceof Number number ? ImportedDocuments.attempts(number) : 0,
				createdAt(document, null), instant(document, UPDATED_AT), instant(document, NEXT_ATTEMPT_AT),
				instant(document, SENT_AT), string(document, WEBHOOK_MESSAGE_ID), string(document, LAST_ERROR),
				string(document, OWNER), instant(document, LEASE_UNTIL));
	}

	/** A string field; anything else reads as missing, so that an object or a number is never sent as text. */
	private static String string(Document document, String field) {
		return document.get(field) instanceof String value ? value : null;
	}

	private static Instant instant(Document document, String field) {
		return document.get(field) instanceof Date date ? date.toInstant() : null;
	}

	/**
	 * A date MongoDB can keep: an instant out of its range (a provider's absurd {@code Retry-After}, say) is clamped
	 * rather than failing the chunk's write.
	 */
	private static Date storable(Instant instant) {
		Instant latest = Instant.ofEpochMilli(Long.MAX_VALUE / 2);
		return Date.from(instant.isAfter(latest) ? latest : instant.isBefore(Instant.EPOCH) ? Instant.EPOCH : instant);
	}

	private static Date date(Instant instant) {
		return instant == null ? null : Date.from(instant);
	}

}
