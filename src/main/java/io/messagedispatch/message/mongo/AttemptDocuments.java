package io.messagedispatch.message.mongo;

import java.util.ArrayList;
import java.util.List;

import io.messagedispatch.message.Attempt;
import io.messagedispatch.message.AttemptLog;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.Document;

/**
 * How a message's attempt log is kept on the message's own document: an array of the last
 * {@link Attempt#KEPT_PER_MESSAGE} entries and a count of every entry ever written. It is
 * written in the same update as the outcome, so it costs no extra round trip, and it goes
 * when the message goes.
 */
public final class AttemptDocuments {

	/** The entries kept, oldest first. */
	public static final String LOG = "attemptLog";

	/** How many entries were ever written; numbers the entries kept. */
	public static final String WRITTEN = "attemptLogWritten";

	private static final String AT = "at";

	private static final String INSTANCE = "instance";

	private static final String RUN_ID = "runId";

	private static final String OUTCOME = "outcome";

	private static final String HTTP_STATUS = "httpStatus";

	private static final String ERROR = "error";

	private static final String LATENCY_MS = "latencyMs";

	private static final String RESPONSE_EXCERPT = "responseExcerpt";

	private AttemptDocuments() {
	}

	/**
	 * The {@code $push} operand that appends {@code entries} and keeps the last
	 * {@link Attempt#KEPT_PER_MESSAGE}.
	 */
	public static BsonDocument push(List<Attempt> entries) {
		BsonArray each = new BsonArray(new ArrayList<>(entries.size()));
		for (Attempt entry : entries) {
			each.add(toDocument(entry));
		}
		return new BsonDocument(LOG,
				new BsonDocument("$each", each).append("$slice", new BsonInt32(-Attempt.KEPT_PER_MESSAGE)));
	}

	private static BsonDocument toDocument(Attempt entry) {
		BsonDocument document = new BsonDocument(AT, new BsonDateTime(MessageDocuments.storable(entry.at()).getTime()))
			.append(INSTANCE, new BsonString(entry.instance()))
			.append(RUN_ID, new BsonString(entry.runId()))
			.append(OUTCOME, new BsonString(entry.outcome().value()))
			.append(LATENCY_MS, new BsonInt64(entry.latencyMs()));
		if (entry.httpStatus() != null) {
			document.append(HTTP_STATUS, new BsonInt32(entry.httpStatus()));
		}
		if (entry.error() != null) {
			document.append(ERROR, new BsonString(MessageDocuments.truncate(entry.error())));
		}
		if (entry.responseExcerpt() != null) {
			document.append(RESPONSE_EXCERPT, new BsonString(entry.responseExcerpt()));
		}
		return document;
	}

	/**
	 * Reads the log of a message document leniently, as other tools write into the
	 * collection too: an entry that is not a document keeps its place with every field
	 * null, and fields of another type read as missing.
	 */
	public static AttemptLog fromDocument(Document document) {
		List<Attempt> kept = new ArrayList<>();
		if (document.get(LOG) instanceof List<?> entries) {
			for (Object entry : entries) {
				kept.add(attempt((entry instanceof Document fields) ? fields : new Document()));
			}
		}
		long written = Math.max(kept.size(), MessageDocuments.attempts(document.get(WRITTEN)));
		return new AttemptLog(MessageDocuments.string(document, MessageDocuments.CLIENT), written, kept);
	}

	private static Attempt attempt(Document fields) {
		Integer status = (fields.get(HTTP_STATUS) instanceof Number number) ? number.intValue() : null;
		long latency = (fields.get(LATENCY_MS) instanceof Number number) ? number.longValue() : 0;
		return new Attempt(MessageDocuments.instant(fields, AT), MessageDocuments.string(fields, INSTANCE),
				MessageDocuments.string(fields, RUN_ID),
				Attempt.Outcome.fromValue(MessageDocuments.string(fields, OUTCOME)), status,
				MessageDocuments.string(fields, ERROR), latency, MessageDocuments.string(fields, RESPONSE_EXCERPT));
	}

}
