package io.messagedispatch.queue.imported;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.messagedispatch.message.MessagePriority;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.mongo.MessageDocuments;
import org.bson.BsonType;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * Documents in {@code messages} that the service did not write the way it writes them:
 * imported by another tool, edited by hand, or left by an older version. Each is found by
 * {@link #NONCONFORMING} and, at adoption, either normalised into a message the queue can
 * claim or failed with a {@code lastError} that says what is wrong, so that none stays
 * {@code unsent} or {@code sending} forever and none is tried on every run.
 */
public final class ImportedDocuments {

	private static final List<String> STATUSES = List.of(MessageStatus.values())
		.stream()
		.map(MessageStatus::value)
		.toList();

	private static final List<String> OPEN = List.of(MessageStatus.UNSENT.value(), MessageStatus.SENDING.value());

	/**
	 * What the queue cannot work with: a status that is none of ours as we write it
	 * (missing, another case, not a string), an open message (unsent or sending) whose
	 * fields have the wrong type or that carries a {@code settledAt} (which would have
	 * the TTL index delete it), or a claim without a lease or with one beyond
	 * {@code leaseHorizon}, which no run of this service writes.
	 */
	public static Bson nonconforming(Instant leaseHorizon) {
		return Filters.or(Filters.nin(MessageDocuments.STATUS, STATUSES), Filters.and(
				Filters.in(MessageDocuments.STATUS, OPEN),
				Filters.or(notOfType(MessageDocuments.NEXT_ATTEMPT_AT, BsonType.DATE_TIME),
						notOfType(MessageDocuments.CREATED_AT, BsonType.DATE_TIME),
						// an attempt count that cannot reach the maximum: NaN,
						// negative, beyond an int
						Filters.not(Filters.gte(MessageDocuments.ATTEMPTS, 0)),
						Filters.gt(MessageDocuments.ATTEMPTS, Integer.MAX_VALUE),
						notOfType(MessageDocuments.PHONE_NUMBER, BsonType.STRING),
						notOfType(MessageDocuments.CONTENT, BsonType.STRING),
						// $type matches an array by its elements: arrays are
						// asked for on their own
						Filters.type(MessageDocuments.NEXT_ATTEMPT_AT, BsonType.ARRAY),
						Filters.type(MessageDocuments.CREATED_AT, BsonType.ARRAY),
						Filters.type(MessageDocuments.ATTEMPTS, BsonType.ARRAY),
						Filters.type(MessageDocuments.PHONE_NUMBER, BsonType.ARRAY),
						Filters.type(MessageDocuments.CONTENT, BsonType.ARRAY),
						// no priority rank, as earlier versions and other tools write
						// them
						Filters.nin(MessageDocuments.PRIORITY, List.of(0, 1, 2)),
						Filters.type(MessageDocuments.PRIORITY, BsonType.ARRAY),
						// a time limit the queue could not read would be ignored:
						// one that is there must be a date
						presentButNotADate(MessageDocuments.EXPIRES_AT), presentButNotADate(MessageDocuments.SEND_AT),
						// an open message must not carry a settling time, or a TTL index
						// would delete it
						Filters.type(MessageDocuments.SETTLED_AT, BsonType.DATE_TIME))),
				Filters.and(Filters.eq(MessageDocuments.STATUS, MessageStatus.SENDING.value()),
						Filters.or(notOfType(MessageDocuments.LEASE_UNTIL, BsonType.DATE_TIME),
								notOfType(MessageDocuments.OWNER, BsonType.STRING),
								Filters.type(MessageDocuments.LEASE_UNTIL, BsonType.ARRAY),
								Filters.type(MessageDocuments.OWNER, BsonType.ARRAY),
								Filters.gt(MessageDocuments.LEASE_UNTIL, Date.from(leaseHorizon)))));
	}

	private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");

	private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

	private ImportedDocuments() {
	}

	private static Bson presentButNotADate(String field) {
		return Filters.and(Filters.exists(field), Filters.ne(field, null),
				Filters.or(notOfType(field, BsonType.DATE_TIME), Filters.type(field, BsonType.ARRAY)));
	}

	private static Bson notOfType(String field, BsonType type) {
		return Filters.not(Filters.type(field, type));
	}

	/**
	 * The filter that adopts a document only as it was read, so that a change made
	 * meanwhile (a claim, an edit) is never overwritten.
	 */
	public static Bson asRead(Document document) {
		return Filters.and(Filters.eq(MessageDocuments.ID, document.get(MessageDocuments.ID)),
				asRead(document, MessageDocuments.STATUS), asRead(document, MessageDocuments.NEXT_ATTEMPT_AT),
				asRead(document, MessageDocuments.ATTEMPTS), asRead(document, MessageDocuments.LEASE_UNTIL));
	}

	private static Bson asRead(Document document, String field) {
		return document.containsKey(field) ? Filters.eq(field, document.get(field)) : Filters.exists(field, false);
	}

	/**
	 * The changes that make this document a message the queue can work with, or fail it
	 * with the reason; null for a live claim, which is left to its runner. A settled
	 * message keeps its {@code settledAt}, or is settled {@code now} when it has none, so
	 * that it is kept for the whole retention from its adoption; an open one loses it.
	 */
	public static Bson adopt(Document document, Instant now, Instant leaseHorizon) {
		List<Bson> changes = new ArrayList<>();
		changes.add(Updates.set(MessageDocuments.UPDATED_AT, Date.from(now)));
		Object status = document.get(MessageDocuments.STATUS);
		Optional<MessageStatus> known = status == null ? Optional.of(MessageStatus.UNSENT)
				: status instanceof String value ? MessageStatus.fromValue(value) : Optional.empty();
		if (known.isEmpty()) {
			return failed(changes, now, "unrecognised stored status " + describe(status));
		}
		MessageStatus adopted = known.get();
		if (adopted.settled()) {
			changes.add(Updates.set(MessageDocuments.STATUS, adopted.value()));
			if (!(document.get(MessageDocuments.SETTLED_AT) instanceof Date)) {
				changes.add(Updates.set(MessageDocuments.SETTLED_AT, Date.from(now)));
			}
			return Updates.combine(changes);
		}
		boolean claimed = adopted == MessageStatus.SENDING
				&& document.get(MessageDocuments.LEASE_UNTIL) instanceof Date lease
				&& !lease.toInstant().isAfter(leaseHorizon) && document.get(MessageDocuments.OWNER) instanceof String;
		if (claimed) {
			// a live claim: its runner records it (a field it cannot send fails it then),
			// or the lease expires and
			// it is put back and adopted again
			if (MessageStatus.SENDING.value().equals(status)
					&& !(document.get(MessageDocuments.SETTLED_AT) instanceof Date)) {
				return null;
			}
			changes.add(Updates.set(MessageDocuments.STATUS, MessageStatus.SENDING.value()));
			changes.add(Updates.unset(MessageDocuments.SETTLED_AT));
			return Updates.combine(changes);
		}
		Object phoneNumber = document.get(MessageDocuments.PHONE_NUMBER);
		if (phoneNumber != null && !(phoneNumber instanceof String)) {
			return failed(changes, now,
					"invalid stored message: phoneNumber is " + typeOf(phoneNumber) + ", not a string");
		}
		Object content = document.get(MessageDocuments.CONTENT);
		if (content != null && !(content instanceof String)) {
			return failed(changes, now, "invalid stored message: content is " + typeOf(content) + ", not a string");
		}
		Instant createdAt = instant(document.get(MessageDocuments.CREATED_AT))
			.orElseGet(() -> document.get(MessageDocuments.ID) instanceof ObjectId id ? id.getDate().toInstant() : now);
		changes.add(Updates.set(MessageDocuments.CREATED_AT, Date.from(createdAt)));
		changes.add(Updates.set(MessageDocuments.ATTEMPTS,
				MessageDocuments.attempts(document.get(MessageDocuments.ATTEMPTS))));
		Instant due = instant(document.get(MessageDocuments.NEXT_ATTEMPT_AT)).orElse(createdAt);
		for (String field : List.of(MessageDocuments.EXPIRES_AT, MessageDocuments.SEND_AT)) {
			Object limit = document.get(field);
			if (limit != null && instant(limit).isEmpty()) {
				return failed(changes, now, "invalid stored message: " + field + " is " + describe(limit)
						+ ", not an instant: its time limit cannot be honoured");
			}
		}
		Optional<Instant> sendAt = instant(document.get(MessageDocuments.SEND_AT));
		if (sendAt.isPresent()) {
			changes.add(Updates.set(MessageDocuments.SEND_AT, Date.from(sendAt.get())));
			if (sendAt.get().isAfter(due)) {
				due = sendAt.get();
			}
		}
		instant(document.get(MessageDocuments.EXPIRES_AT))
			.ifPresent(expiresAt -> changes.add(Updates.set(MessageDocuments.EXPIRES_AT, Date.from(expiresAt))));
		changes.add(Updates.set(MessageDocuments.STATUS, MessageStatus.UNSENT.value()));
		changes.add(Updates.set(MessageDocuments.NEXT_ATTEMPT_AT, Date.from(due)));
		changes.add(Updates.set(MessageDocuments.PRIORITY, priority(document.get(MessageDocuments.PRIORITY)).rank()));
		changes.add(Updates.unset(MessageDocuments.OWNER));
		changes.add(Updates.unset(MessageDocuments.LEASE_UNTIL));
		changes.add(Updates.unset(MessageDocuments.SETTLED_AT));
		return Updates.combine(changes);
	}

	private static Bson failed(List<Bson> changes, Instant now, String reason) {
		changes.add(Updates.set(MessageDocuments.STATUS, MessageStatus.FAILED.value()));
		changes.add(Updates.set(MessageDocuments.LAST_ERROR, MessageDocuments.truncate(reason)));
		changes.add(Updates.set(MessageDocuments.SETTLED_AT, Date.from(now)));
		changes.add(Updates.unset(MessageDocuments.OWNER));
		changes.add(Updates.unset(MessageDocuments.LEASE_UNTIL));
		return Updates.combine(changes);
	}

	/**
	 * The priority a document names: a rank of 0 to 2, or a name such as {@code "high"};
	 * normal for anything else, as for a message of an earlier version, which has none.
	 */
	private static MessagePriority priority(Object value) {
		if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
			return MessagePriority.fromRank(number.intValue()).orElse(MessagePriority.NORMAL);
		}
		return value instanceof String name ? MessagePriority.fromValue(name).orElse(MessagePriority.NORMAL)
				: MessagePriority.NORMAL;
	}

	/** A date, or an ISO-8601 instant written as a string; empty for anything else. */
	private static Optional<Instant> instant(Object value) {
		if (value instanceof Date date) {
			return Optional.of(date.toInstant());
		}
		if (value instanceof String text) {
			try {
				// an instant a date can hold: a year beyond that is unreadable, not a
				// crash
				return Optional.of(Instant.parse(text.trim()))
					.filter(instant -> instant.isAfter(EARLIEST) && instant.isBefore(LATEST));
			}
			catch (DateTimeParseException ex) {
				return Optional.empty();
			}
		}
		return Optional.empty();
	}

	private static String describe(Object value) {
		return value instanceof String text ? "'" + text + "'" : "of type " + typeOf(value);
	}

	private static String typeOf(Object value) {
		if (value instanceof Document) {
			return "an object";
		}
		if (value instanceof List) {
			return "an array";
		}
		if (value instanceof Number) {
			return "a number";
		}
		if (value instanceof Boolean) {
			return "a boolean";
		}
		return "a " + value.getClass().getSimpleName();
	}

}
