package io.messagedispatch.message.mongo;

import java.time.Instant;
import java.util.Date;

import io.messagedispatch.message.Delivery;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessageIds;
import io.messagedispatch.message.MessagePriority;
import io.messagedispatch.message.MessageStatus;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * How a message is kept in the {@code messages} collection: its field names and the
 * mapping both ways. Reading is lenient, because other tools write into the collection
 * too.
 */
public final class MessageDocuments {

	public static final String COLLECTION = "messages";

	public static final String ID = "_id";

	public static final String PHONE_NUMBER = "phoneNumber";

	public static final String CONTENT = "content";

	public static final String STATUS = "status";

	public static final String ATTEMPTS = "attempts";

	public static final String CREATED_AT = "createdAt";

	public static final String UPDATED_AT = "updatedAt";

	public static final String NEXT_ATTEMPT_AT = "nextAttemptAt";

	public static final String SENT_AT = "sentAt";

	public static final String WEBHOOK_MESSAGE_ID = "webhookMessageId";

	public static final String LAST_ERROR = "lastError";

	public static final String OWNER = "owner";

	public static final String LEASE_UNTIL = "leaseUntil";

	public static final String SEND_AT = "sendAt";

	public static final String EXPIRES_AT = "expiresAt";

	/** The priority's rank: 0 (high), 1 (normal) or 2 (low). */
	public static final String PRIORITY = "priority";

	public static final String CLIENT = "client";

	public static final String SETTLED_AT = "settledAt";

	/**
	 * What the provider last reported of the delivery: a document of {@code status},
	 * {@code at} and, when given, {@code errorCode}.
	 */
	public static final String DELIVERY = "delivery";

	public static final String DELIVERY_STATUS = "status";

	public static final String DELIVERY_AT = "at";

	public static final String DELIVERY_ERROR_CODE = "errorCode";

	private static final int MAX_ERROR_LENGTH = 500;

	private MessageDocuments() {
	}

	/**
	 * The filter that claims a message as it was read: same id, still {@code unsent},
	 * same due time and attempts. A plain equality document, the shape the
	 * {@code claim_key} index answers.
	 */
	public static Document claimKey(Document read) {
		return new Document(ID, read.get(ID)).append(STATUS, MessageStatus.UNSENT.value())
			.append(NEXT_ATTEMPT_AT, read.get(NEXT_ATTEMPT_AT))
			.append(ATTEMPTS, read.get(ATTEMPTS));
	}

	/**
	 * The filter that matches a message only while {@code owner} holds its claim, the
	 * shape the {@code held_key} index answers.
	 */
	public static Document heldKey(String id, String owner) {
		return new Document(ID, MessageIds.toStored(id)).append(OWNER, owner)
			.append(STATUS, MessageStatus.SENDING.value());
	}

	public static Document toDocument(Message message) {
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
		document.put(PRIORITY, (message.priority() != null ? message.priority() : MessagePriority.NORMAL).rank());
		// the optional fields only when set: most messages have none, and every byte is
		// written, read and claimed once per message
		putIfSet(document, SEND_AT, date(message.sendAt()));
		putIfSet(document, EXPIRES_AT, date(message.expiresAt()));
		putIfSet(document, CLIENT, message.client());
		putIfSet(document, SETTLED_AT, date(message.settledAt()));
		putIfSet(document, DELIVERY, (message.delivery() != null) ? toDocument(message.delivery()) : null);
		return document;
	}

	/** A delivery as stored: the error code only when there is one. */
	public static Document toDocument(Delivery delivery) {
		Document document = new Document(DELIVERY_STATUS, delivery.status());
		document.put(DELIVERY_AT, date(delivery.at()));
		putIfSet(document, DELIVERY_ERROR_CODE, delivery.errorCode());
		return document;
	}

	private static void putIfSet(Document document, String field, Object value) {
		if (value != null) {
			document.put(field, value);
		}
	}

	/**
	 * Reads a document leniently: a document written by another tool may miss fields or
	 * carry other types.
	 */
	public static Message fromDocument(Document document) {
		Object status = document.get(STATUS);
		MessageStatus known = status == null ? MessageStatus.UNSENT
				: MessageStatus.fromValue(String.valueOf(status)).orElse(null);
		return new Message(MessageIds.toText(document.get(ID)), string(document, PHONE_NUMBER),
				string(document, CONTENT), known,
				document.get(ATTEMPTS) instanceof Number number ? attempts(number) : 0, createdAt(document, null),
				instant(document, UPDATED_AT), instant(document, NEXT_ATTEMPT_AT), instant(document, SENT_AT),
				string(document, WEBHOOK_MESSAGE_ID), string(document, LAST_ERROR), string(document, OWNER),
				instant(document, LEASE_UNTIL), instant(document, SEND_AT), instant(document, EXPIRES_AT),
				MessagePriority.fromRank(document.get(PRIORITY)).orElse(MessagePriority.NORMAL),
				string(document, CLIENT), instant(document, SETTLED_AT), delivery(document));
	}

	/**
	 * The delivery a document records; null when it has none, or one without a status
	 * (another tool's).
	 */
	private static Delivery delivery(Document document) {
		if (!(document.get(DELIVERY) instanceof Document delivery) || string(delivery, DELIVERY_STATUS) == null) {
			return null;
		}
		return new Delivery(string(delivery, DELIVERY_STATUS), instant(delivery, DELIVERY_AT),
				string(delivery, DELIVERY_ERROR_CODE));
	}

	/**
	 * A whole, non-negative number of attempts: numbers are rounded down, numeric strings
	 * read, anything else 0.
	 */
	public static int attempts(Object value) {
		long attempts = 0;
		if (value instanceof Number number) {
			attempts = Double.isFinite(number.doubleValue()) ? (long) Math.min(number.doubleValue(), Long.MAX_VALUE)
					: 0;
		}
		else if (value instanceof String text) {
			try {
				attempts = Long.parseLong(text.trim());
			}
			catch (NumberFormatException ex) {
				attempts = 0;
			}
		}
		return (int) Math.max(0, Math.min(attempts, Integer.MAX_VALUE));
	}

	/**
	 * When the document was created: its {@code createdAt}, else its ObjectId's time,
	 * else {@code fallback}.
	 */
	public static Instant createdAt(Document document, Instant fallback) {
		if (document.get(CREATED_AT) instanceof Date date) {
			return date.toInstant();
		}
		if (document.get(ID) instanceof ObjectId objectId) {
			return objectId.getDate().toInstant();
		}
		return fallback;
	}

	/** An error as stored: at most 500 characters. */
	public static String truncate(String error) {
		if (error == null || error.length() <= MAX_ERROR_LENGTH) {
			return error;
		}
		return error.substring(0, MAX_ERROR_LENGTH);
	}

	/**
	 * A date MongoDB can keep: an instant out of its range (a provider's absurd
	 * {@code Retry-After}, say) is clamped rather than failing the chunk's write.
	 */
	public static Date storable(Instant instant) {
		Instant latest = Instant.ofEpochMilli(Long.MAX_VALUE / 2);
		return Date.from(instant.isAfter(latest) ? latest : instant.isBefore(Instant.EPOCH) ? Instant.EPOCH : instant);
	}

	/**
	 * A string field; anything else reads as missing, so that an object or a number is
	 * never sent as text.
	 */
	static String string(Document document, String field) {
		return document.get(field) instanceof String value ? value : null;
	}

	/** A date field; anything else reads as missing. */
	static Instant instant(Document document, String field) {
		return document.get(field) instanceof Date date ? date.toInstant() : null;
	}

	private static Date date(Instant instant) {
		return instant == null ? null : Date.from(instant);
	}

}
