package io.messagedispatch.message;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.messagedispatch.message.mongo.AttemptDocuments;
import io.messagedispatch.message.mongo.Keyset;
import io.messagedispatch.message.mongo.MessageCollection;
import io.messagedispatch.message.mongo.MessageDocuments;
import org.bson.Document;
import org.bson.conversions.Bson;

import org.springframework.stereotype.Repository;

import static io.messagedispatch.message.mongo.MessageDocuments.ATTEMPTS;
import static io.messagedispatch.message.mongo.MessageDocuments.CLIENT;
import static io.messagedispatch.message.mongo.MessageDocuments.CREATED_AT;
import static io.messagedispatch.message.mongo.MessageDocuments.EXPIRES_AT;
import static io.messagedispatch.message.mongo.MessageDocuments.ID;
import static io.messagedispatch.message.mongo.MessageDocuments.LAST_ERROR;
import static io.messagedispatch.message.mongo.MessageDocuments.NEXT_ATTEMPT_AT;
import static io.messagedispatch.message.mongo.MessageDocuments.PHONE_NUMBER;
import static io.messagedispatch.message.mongo.MessageDocuments.SENT_AT;
import static io.messagedispatch.message.mongo.MessageDocuments.SETTLED_AT;
import static io.messagedispatch.message.mongo.MessageDocuments.STATUS;
import static io.messagedispatch.message.mongo.MessageDocuments.UPDATED_AT;

/**
 * The messages as clients and operators see them: stored on intake, looked up, searched
 * and listed a page at a time, counted, and failed ones put back in the queue. The
 * operator's reads take every message; the {@code ...For} reads only those one client
 * enqueued. Claims and outcomes belong to the queue, not here.
 */
@Repository
public class Messages {

	/** The most failed messages one bulk requeue puts back in the queue. */
	public static final int REQUEUE_LIMIT = 1_000;

	private static final Duration COUNT_TIME_LIMIT = Duration.ofSeconds(5);

	/** Reads of messages leave the attempt log out: it has an endpoint of its own. */
	private static final Bson WITHOUT_LOG = Projections.exclude(AttemptDocuments.LOG);

	private final MongoCollection<Document> messages;

	private final Clock clock;

	public Messages(MessageCollection collection, Clock clock) {
		this.messages = collection.documents();
		this.clock = clock;
	}

	public Message insert(Message message) {
		insertAll(List.of(message));
		return message;
	}

	/**
	 * Inserts the messages; ids that are already stored are left as they are, so a
	 * retried insert is harmless.
	 */
	public void insertAll(List<Message> batch) {
		if (batch.isEmpty()) {
			return;
		}
		List<Document> documents = batch.stream().map(MessageDocuments::toDocument).toList();
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
		return Optional
			.ofNullable(this.messages.find(Filters.eq(ID, MessageIds.toStored(id))).projection(WITHOUT_LOG).first())
			.map(MessageDocuments::fromDocument);
	}

	/** The attempt log of one message, with who enqueued it. */
	public Optional<AttemptLog> findAttemptLog(String id) {
		return Optional
			.ofNullable(this.messages.find(Filters.eq(ID, MessageIds.toStored(id)))
				.projection(Projections.include(CLIENT, AttemptDocuments.LOG, AttemptDocuments.WRITTEN))
				.first())
			.map(AttemptDocuments::fromDocument);
	}

	/**
	 * The messages with these ids, in the order of the ids; ids that are not stored are
	 * left out.
	 */
	public List<Message> findAllById(List<String> ids) {
		Map<String, Message> found = new LinkedHashMap<>();
		this.messages.find(Filters.in(ID, ids.stream().map(MessageIds::toStored).toList()))
			.projection(WITHOUT_LOG)
			.forEach(document -> {
				Message message = MessageDocuments.fromDocument(document);
				found.put(message.id(), message);
			});
		return ids.stream().map(found::get).filter(message -> message != null).toList();
	}

	/**
	 * The sent messages, most recently sent first: a page of at most {@code limit}
	 * starting after {@code after} (from the newest when null).
	 */
	public MessagePage findSent(int limit, PageCursor after) {
		return newestFirst(List.of(Filters.eq(STATUS, MessageStatus.SENT.value())), SENT_AT, false, limit, after);
	}

	/**
	 * The sent messages that {@code client} enqueued, most recently sent first, a page at
	 * a time.
	 */
	public MessagePage findSentFor(String client, int limit, PageCursor after) {
		return newestFirst(List.of(Filters.eq(CLIENT, client), Filters.eq(STATUS, MessageStatus.SENT.value())), SENT_AT,
				false, limit, after);
	}

	/**
	 * The messages the search takes, newest first (by {@code createdAt}, then id): a page
	 * of at most {@code limit} starting after {@code after} (from the newest when null).
	 * Messages of other tools whose {@code createdAt} is missing or not a date come after
	 * all others, unless the search names a creation time range, which they are never in.
	 */
	public MessagePage search(MessageSearch search, int limit, PageCursor after) {
		List<Bson> criteria = new ArrayList<>();
		if (search.status() != null) {
			criteria.add(Filters.eq(STATUS, search.status().value()));
		}
		if (search.phoneNumber() != null) {
			criteria.add(Filters.eq(PHONE_NUMBER, search.phoneNumber()));
		}
		if (search.client() != null) {
			criteria.add(Filters.eq(CLIENT, search.client()));
		}
		if (search.createdFrom() != null) {
			criteria.add(Filters.gte(CREATED_AT, Date.from(search.createdFrom())));
		}
		if (search.createdTo() != null) {
			criteria.add(Filters.lt(CREATED_AT, Date.from(search.createdTo())));
		}
		return newestFirst(criteria, CREATED_AT, search.createdWithin(), limit, after);
	}

	/**
	 * A page in descending order of {@code field}, then {@code _id}, read by keyset: the
	 * documents whose field is a date on an index range, then, once those are through,
	 * the others (see {@link Keyset}). One more than the page is read, so that the last
	 * page has no next.
	 */
	private MessagePage newestFirst(List<Bson> criteria, String field, boolean datedOnly, int limit, PageCursor after) {
		List<Document> found = new ArrayList<>(limit + 1);
		boolean pastTheDated = after != null && !after.dated();
		if (!pastTheDated) {
			read(criteria, (after == null) ? Keyset.dated(field)
					: Keyset.datedAfter(field, (Date) after.sortValue(), after.id()), field, limit + 1, found);
		}
		if (found.size() <= limit && !datedOnly) {
			read(criteria,
					pastTheDated ? Keyset.undatedAfter(field, after.sortValue(), after.id()) : Keyset.undated(field),
					field, limit + 1 - found.size(), found);
		}
		if (found.size() <= limit) {
			return new MessagePage(found.stream().map(MessageDocuments::fromDocument).toList(), null);
		}
		int end = limit;
		PageCursor next = new PageCursor(found.get(end - 1).get(field), found.get(end - 1).get(ID));
		// a document other tools wrote with a huge id or sort value would make a cursor
		// too long for a Link header, and stall the listing at it: the page ends at the
		// latest document whose position is short enough, the next page starts after it
		while (next.encode().length() > PageCursor.MAX_IN_LINK && end > 1) {
			end--;
			next = new PageCursor(found.get(end - 1).get(field), found.get(end - 1).get(ID));
		}
		return new MessagePage(found.subList(0, end).stream().map(MessageDocuments::fromDocument).toList(), next);
	}

	private void read(List<Bson> criteria, Bson position, String field, int limit, List<Document> into) {
		List<Bson> filter = new ArrayList<>(criteria);
		filter.add(position);
		this.messages.find(Filters.and(filter))
			.projection(WITHOUT_LOG)
			.sort(Sorts.descending(field, ID))
			.limit(limit)
			.into(into);
	}

	/**
	 * How many messages are in each status, in one aggregation that gives up after
	 * {@link #COUNT_TIME_LIMIT}. Statuses that are none of ours (not yet adopted) are
	 * left out.
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
	 * How many messages are in each status and when the oldest unsent one was created,
	 * for the queue gauges. Each status is counted on the index that leads with it, and
	 * every query gives up after {@code timeLimit}, so a struggling database never piles
	 * up monitoring work.
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
		return new QueueDepth(counts, oldest == null ? null : MessageDocuments.createdAt(oldest, null));
	}

	/**
	 * The unsent messages, due now and not due yet, and when the oldest due one was
	 * created (read on the index that leads with the status, in creation order, the due
	 * time checked in the index itself). Every query gives up after {@code timeLimit}.
	 */
	public WaitingMessages waiting(Duration timeLimit) {
		long limitMillis = Math.max(1, timeLimit.toMillis());
		Date now = Date.from(this.clock.instant());
		Bson due = Filters.and(Filters.eq(STATUS, MessageStatus.UNSENT.value()), Filters.lte(NEXT_ATTEMPT_AT, now));
		Bson scheduled = Filters.and(Filters.eq(STATUS, MessageStatus.UNSENT.value()),
				Filters.gt(NEXT_ATTEMPT_AT, now));
		CountOptions limited = new CountOptions().maxTime(limitMillis, TimeUnit.MILLISECONDS);
		Document oldest = this.messages.find(due)
			.sort(Sorts.ascending(CREATED_AT, ID))
			.projection(Projections.include(CREATED_AT))
			.limit(1)
			.maxTime(limitMillis, TimeUnit.MILLISECONDS)
			.first();
		return new WaitingMessages(this.messages.countDocuments(due, limited),
				this.messages.countDocuments(scheduled, limited),
				oldest == null ? null : MessageDocuments.createdAt(oldest, null));
	}

	/**
	 * Puts one failed message back in the queue with its attempts reset. Returns false
	 * when it is not failed (or not stored), so a message is never requeued while it is
	 * queued, being sent or sent.
	 */
	public boolean requeue(String id) {
		return this.messages
			.updateOne(Filters.and(Filters.eq(ID, MessageIds.toStored(id)),
					Filters.eq(STATUS, MessageStatus.FAILED.value())), requeued())
			.getModifiedCount() == 1;
	}

	/**
	 * Puts failed messages the filter takes back in the queue with their attempts reset,
	 * at most {@link #REQUEUE_LIMIT}, those that failed first first; in a dry run only
	 * says how many it would. Each is requeued by a conditional update that holds only
	 * while it is still failed and still matches, so calls made at the same time never
	 * requeue a message twice. Expired and cancelled messages are never taken, nor failed
	 * ones whose {@code expiresAt} has passed: they could not be sent.
	 */
	public Requeued requeueFailed(RequeueFilter filter, boolean dryRun) {
		Bson matching = requeueable(filter);
		List<Object> ids = this.messages.find(matching)
			.sort(Sorts.ascending(SETTLED_AT, ID))
			.projection(Projections.include(ID))
			.limit(REQUEUE_LIMIT)
			.map(document -> document.get(ID))
			.into(new ArrayList<>());
		if (dryRun) {
			return new Requeued(ids.size(), Math.max(0, this.messages.countDocuments(matching) - ids.size()));
		}
		long requeued = ids.isEmpty() ? 0
				: this.messages.updateMany(Filters.and(Filters.in(ID, ids), matching), requeued()).getModifiedCount();
		return new Requeued(requeued, this.messages.countDocuments(matching));
	}

	private Bson requeueable(RequeueFilter filter) {
		List<Bson> criteria = new ArrayList<>();
		criteria.add(Filters.eq(STATUS, MessageStatus.FAILED.value()));
		criteria.add(Filters.or(Filters.eq(EXPIRES_AT, null),
				Filters.gt(EXPIRES_AT, Date.from(this.clock.instant().truncatedTo(ChronoUnit.MILLIS)))));
		if (filter.phoneNumber() != null) {
			criteria.add(Filters.eq(PHONE_NUMBER, filter.phoneNumber()));
		}
		if (filter.client() != null) {
			criteria.add(Filters.eq(CLIENT, filter.client()));
		}
		if (filter.failedFrom() != null) {
			criteria.add(Filters.gte(SETTLED_AT, Date.from(filter.failedFrom())));
		}
		if (filter.failedTo() != null) {
			criteria.add(Filters.lt(SETTLED_AT, Date.from(filter.failedTo())));
		}
		if (filter.errorContains() != null) {
			criteria.add(Filters.regex(LAST_ERROR, literal(filter.errorContains())));
		}
		return Filters.and(criteria);
	}

	/**
	 * A regular expression that matches {@code text} literally, in MongoDB's PCRE and in
	 * Java's (the embedded store's) alike: every ASCII character that is neither a letter
	 * nor a digit is escaped, which both read as that character.
	 */
	static String literal(String text) {
		StringBuilder pattern = new StringBuilder(text.length() * 2);
		text.chars().forEach(c -> {
			if (c < 0x80 && !Character.isLetterOrDigit(c) && !Character.isISOControl(c)) {
				pattern.append('\\');
			}
			pattern.append((char) c);
		});
		return pattern.toString();
	}

	/**
	 * Cancels one message while it is unsent (due, scheduled or in backoff): it becomes
	 * {@code cancelled} and is never POSTed. Returns false when it is in any other status
	 * (or not stored); one being sent is left to its run.
	 */
	public boolean cancel(String id) {
		return this.messages
			.updateOne(Filters.and(Filters.eq(ID, MessageIds.toStored(id)),
					Filters.eq(STATUS, MessageStatus.UNSENT.value())), cancelled())
			.getModifiedCount() == 1;
	}

	/** Cancels every unsent message the filter takes. Returns how many. */
	public long cancelAll(CancelFilter filter) {
		List<Bson> criteria = new ArrayList<>();
		criteria.add(Filters.eq(STATUS, MessageStatus.UNSENT.value()));
		if (filter.phoneNumber() != null) {
			criteria.add(Filters.eq(PHONE_NUMBER, filter.phoneNumber()));
		}
		if (filter.createdBefore() != null) {
			criteria.add(Filters.lt(CREATED_AT, Date.from(filter.createdBefore())));
		}
		if (filter.createdAfter() != null) {
			criteria.add(Filters.gt(CREATED_AT, Date.from(filter.createdAfter())));
		}
		return this.messages.updateMany(Filters.and(criteria), cancelled()).getModifiedCount();
	}

	private Bson cancelled() {
		Date now = Date.from(this.clock.instant().truncatedTo(ChronoUnit.MILLIS));
		return Updates.combine(Updates.set(STATUS, MessageStatus.CANCELLED.value()),
				Updates.set(LAST_ERROR, "cancelled before it was sent"), Updates.set(UPDATED_AT, now),
				Updates.set(SETTLED_AT, now));
	}

	private Bson requeued() {
		Date now = Date.from(this.clock.instant().truncatedTo(ChronoUnit.MILLIS));
		return Updates.combine(Updates.set(STATUS, MessageStatus.UNSENT.value()), Updates.set(ATTEMPTS, 0),
				Updates.set(NEXT_ATTEMPT_AT, now), Updates.set(UPDATED_AT, now), Updates.unset(SETTLED_AT));
	}

}
