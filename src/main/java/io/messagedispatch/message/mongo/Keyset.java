package io.messagedispatch.message.mongo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.mongodb.client.model.Filters;
import org.bson.BsonRegularExpression;
import org.bson.BsonTimestamp;
import org.bson.BsonType;
import org.bson.BsonUndefined;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.bson.types.MaxKey;
import org.bson.types.MinKey;
import org.bson.types.ObjectId;
import org.bson.types.Symbol;

import static io.messagedispatch.message.mongo.MessageDocuments.ID;

/**
 * Keyset paging, newest first: documents in descending order of a time field, then of
 * {@code _id}, each page starting after the last one's position rather than skipping, so
 * a page never repeats or misses a document while others are inserted.
 * <p>
 * The order has two parts. First the documents whose field is a date, newest first: the
 * messages the service writes, read on an index range. Then those whose field is missing
 * or of another type (documents of other tools), in MongoDB's order of BSON values.
 * Positions are compared as MongoDB compares them: a range operator only matches values
 * of its own type bracket, so "after {@code _id} x" is the range below x within x's
 * bracket plus every bracket that sorts below it. This keeps paging exact for ids of any
 * type (ObjectIds, strings, numbers, binaries, ...), mixed within one millisecond.
 * Documents whose field is an array, or whose field or id is of a deprecated BSON type
 * (undefined, symbol, DBPointer, JavaScript code), are not ordered reliably; nor, on the
 * embedded mongo-java-server only, binary ids of different lengths or subtypes within one
 * millisecond, which it compares in a range otherwise than it sorts them.
 */
public final class Keyset {

	/** Every date sorts at or after this one: the dated part of the order. */
	private static final Date EARLIEST = new Date(Long.MIN_VALUE);

	/** A filter no document matches. */
	private static final Bson NOTHING = Filters.in(ID, List.of());

	private Keyset() {
	}

	/** The documents whose {@code field} is a date, on an index range. */
	public static Bson dated(String field) {
		return Filters.gte(field, EARLIEST);
	}

	/**
	 * The dated documents that come after the one at {@code (value, id)}: older, or as
	 * old with a lower id. The range {@code field <= value} bounds the index scan; the
	 * rest only breaks ties.
	 */
	public static Bson datedAfter(String field, Date value, Object id) {
		List<Bson> later = new ArrayList<>();
		later.add(Filters.lt(field, value));
		later.addAll(below(ID, id));
		return Filters.and(Filters.lte(field, value), Filters.or(later));
	}

	/** The documents whose {@code field} is missing or not a date. */
	public static Bson undated(String field) {
		return Filters.not(Filters.type(field, BsonType.DATE_TIME));
	}

	/**
	 * The undated documents that come after the one at {@code (value, id)}, where
	 * {@code value} is the field's value (null when missing).
	 */
	public static Bson undatedAfter(String field, Object value, Object id) {
		List<Bson> later = new ArrayList<>(below(field, value));
		// $eq: the value is compared, never read as a pattern or an operator
		Bson same = new Document(field, new Document("$eq", value));
		for (Bson lowerId : below(ID, id)) {
			later.add(Filters.and(same, lowerId));
		}
		return Filters.and(undated(field), later.isEmpty() ? NOTHING : Filters.or(later));
	}

	/**
	 * The filters, any of which matches a value of {@code field} that sorts before
	 * {@code value} in descending order (below it in MongoDB's order).
	 */
	static List<Bson> below(String field, Object value) {
		Bracket bracket = Bracket.of(value);
		List<Bson> below = new ArrayList<>();
		if (bracket.ordered) {
			below.add(Filters.lt(field, value));
		}
		List<String> lowerTypes = new ArrayList<>();
		for (Bracket lower : Bracket.values()) {
			if (lower.ordinal() < bracket.ordinal()) {
				lowerTypes.addAll(lower.types);
			}
		}
		if (!lowerTypes.isEmpty()) {
			below.add(new Document(field, new Document("$type", lowerTypes)));
		}
		if (bracket.ordinal() > Bracket.NULL.ordinal()) {
			// a missing field sorts as null
			below.add(Filters.eq(field, null));
		}
		return below;
	}

	/**
	 * MongoDB's type brackets in their sort order: values of one bracket compare with
	 * each other, and every value of a bracket sorts below every value of the next. The
	 * types are the {@code $type} aliases each bracket is asked for by; null is asked for
	 * by equality, so that a missing field is taken too.
	 */
	private enum Bracket {

		MIN_KEY(false, "minKey"), NULL(false), NUMBER(true, "double", "int", "long", "decimal"), STRING(true, "string"),
		OBJECT(true, "object"), ARRAY(false), BINARY(true, "binData"), OBJECT_ID(true, "objectId"),
		BOOLEAN(true, "bool"), DATE(true, "date"), TIMESTAMP(true, "timestamp"), REGEX(false, "regex"),
		/** DBPointer and JavaScript code: deprecated, not asked for. */
		OTHER(false), MAX_KEY(false, "maxKey");

		private final boolean ordered;

		private final List<String> types;

		Bracket(boolean ordered, String... types) {
			this.ordered = ordered;
			this.types = List.of(types);
		}

		static Bracket of(Object value) {
			if (value == null || value instanceof BsonUndefined) {
				return NULL;
			}
			if (value instanceof Number) {
				return NUMBER;
			}
			if (value instanceof String || value instanceof Symbol) {
				return STRING;
			}
			if (value instanceof Map<?, ?>) {
				return OBJECT;
			}
			if (value instanceof Collection<?> || value.getClass().isArray() && !(value instanceof byte[])) {
				return ARRAY;
			}
			if (value instanceof Binary || value instanceof byte[] || value instanceof UUID) {
				return BINARY;
			}
			if (value instanceof ObjectId) {
				return OBJECT_ID;
			}
			if (value instanceof Boolean) {
				return BOOLEAN;
			}
			if (value instanceof Date) {
				return DATE;
			}
			if (value instanceof BsonTimestamp) {
				return TIMESTAMP;
			}
			if (value instanceof BsonRegularExpression || value instanceof Pattern) {
				return REGEX;
			}
			if (value instanceof MinKey) {
				return MIN_KEY;
			}
			if (value instanceof MaxKey) {
				return MAX_KEY;
			}
			return OTHER;
		}

	}

}
