package io.messagedispatch.message;

import java.util.Map;
import java.util.List;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

import org.bson.BsonRegularExpression;
import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.ObjectId;

/**
 * Message ids as text, for the API, the logs and the provider. Messages the service
 * creates have ObjectIds; documents written by other tools may carry an {@code _id} of
 * any BSON type, and each must be addressable by its original value. The text form maps
 * one-to-one to the stored value:
 * <ul>
 * <li>an ObjectId is its 24 lower-case hex digits;</li>
 * <li>a string is itself, unless it is empty, looks like an ObjectId (24 hex digits) or
 * starts with {@code ~}; then it is {@code ~s:} and the string;</li>
 * <li>a 32-bit integer is {@code ~i32:42}, a 64-bit one {@code ~i64:42}, a double
 * {@code ~f64:1.5};</li>
 * <li>any other value is {@code ~bson:} and the base64url of the BSON document
 * {@code {"v": value}}.</li>
 * </ul>
 * The {@code Idempotency-Key} and {@code webhook-id} sent to the provider are the text
 * form when it is 1 to 200 visible ASCII characters, else {@code ~sha256:} and the
 * base64url SHA-256 of its UTF-8 bytes: always a valid header value, and the same on
 * every attempt.
 */
public final class MessageIds {

	private static final String TAG = "~";

	private static final String STRING = "~s:";

	private static final String INT32 = "~i32:";

	private static final String INT64 = "~i64:";

	private static final String DOUBLE = "~f64:";

	private static final String BSON = "~bson:";

	private static final String HASHED = "~sha256:";

	private static final Pattern HEADER_SAFE = Pattern.compile("[\\x21-\\x7E]{1,200}");

	private MessageIds() {
	}

	/**
	 * The text form of a stored {@code _id}.
	 */
	public static String toText(Object id) {
		if (id instanceof ObjectId objectId) {
			return objectId.toHexString();
		}
		if (id instanceof String string) {
			return string.isEmpty() || ObjectId.isValid(string) || string.startsWith(TAG) ? STRING + string : string;
		}
		if (id instanceof Integer number) {
			return INT32 + number;
		}
		if (id instanceof Long number) {
			return INT64 + number;
		}
		if (id instanceof Double number) {
			return DOUBLE + number;
		}
		return BSON + Base64.getUrlEncoder().withoutPadding().encodeToString(encode(id));
	}

	/**
	 * The stored {@code _id} that a text form names. ObjectIds are read in either case;
	 * every other form must be exactly the one {@link #toText} writes.
	 * @throws MalformedMessageIdException when the text is no message id's form
	 */
	public static Object toStored(String text) {
		if (text == null || text.isEmpty()) {
			throw new MalformedMessageIdException(String.valueOf(text));
		}
		if (ObjectId.isValid(text)) {
			return new ObjectId(text);
		}
		if (!text.startsWith(TAG)) {
			return text;
		}
		Object stored = tagged(text);
		if (!toText(stored).equals(text)) {
			// one text per id: "~s:abc" is "abc", "~i32:042" is "~i32:42"
			throw new MalformedMessageIdException(text);
		}
		return stored;
	}

	private static Object tagged(String text) {
		try {
			if (text.startsWith(STRING)) {
				return text.substring(STRING.length());
			}
			if (text.startsWith(INT32)) {
				return Integer.valueOf(text.substring(INT32.length()));
			}
			if (text.startsWith(INT64)) {
				return Long.valueOf(text.substring(INT64.length()));
			}
			if (text.startsWith(DOUBLE)) {
				return Double.valueOf(text.substring(DOUBLE.length()));
			}
			if (text.startsWith(BSON)) {
				return decode(Base64.getUrlDecoder().decode(text.substring(BSON.length())));
			}
		}
		catch (RuntimeException ex) {
			throw new MalformedMessageIdException(text);
		}
		throw new MalformedMessageIdException(text);
	}

	/**
	 * Checks that a path id can be a message id, so that a typo is a 400 rather than a
	 * 404.
	 */
	public static String requireValid(String id) {
		toStored(id);
		return id;
	}

	/**
	 * The {@code Idempotency-Key} (and {@code webhook-id}) for the message with this text
	 * id.
	 */
	public static String idempotencyKey(String id) {
		if (HEADER_SAFE.matcher(id).matches()) {
			return id;
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
			return HASHED + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	private static byte[] encode(Object id) {
		BasicOutputBuffer buffer = new BasicOutputBuffer();
		try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
			new DocumentCodec().encode(writer, new Document("v", id), EncoderContext.builder().build());
		}
		return buffer.toByteArray();
	}

	/**
	 * {@code value} when a query can only take it as a value to compare: no regular
	 * expression, and no document with a key that MongoDB reads as an operator, at any
	 * depth. A decoded id or cursor is used in an equality, where such a value would
	 * match other messages than the one named.
	 */
	static Object requireLiteral(Object value) {
		if (value instanceof BsonRegularExpression || value instanceof Pattern) {
			throw new IllegalArgumentException("a regular expression is no id");
		}
		if (value instanceof Map<?, ?> fields) {
			for (Map.Entry<?, ?> field : fields.entrySet()) {
				if (String.valueOf(field.getKey()).startsWith("$")) {
					throw new IllegalArgumentException("an operator is no id");
				}
				requireLiteral(field.getValue());
			}
		}
		if (value instanceof List<?> values) {
			values.forEach(MessageIds::requireLiteral);
		}
		return value;
	}

	private static Object decode(byte[] bytes) {
		try (BsonBinaryReader reader = new BsonBinaryReader(ByteBuffer.wrap(bytes))) {
			Document document = new DocumentCodec().decode(reader, DecoderContext.builder().build());
			Object value = document.get("v");
			if (document.size() != 1 || !document.containsKey("v") || value instanceof Integer || value instanceof Long
					|| value instanceof Double || value instanceof String || value instanceof ObjectId) {
				// those have a text form of their own: one value, one text
				throw new IllegalArgumentException("not the canonical form of an id");
			}
			return requireLiteral(value);
		}
	}

}
