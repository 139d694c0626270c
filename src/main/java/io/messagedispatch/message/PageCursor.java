package io.messagedispatch.message;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.regex.Pattern;

import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;

/**
 * Where a page of a listing ended: the sort key of its last message, so that the next
 * page starts right after it. Clients see it as an opaque {@code cursor} parameter: the
 * base64url of {@code <time>:<id>}, where the time is the sort field's epoch milliseconds
 * and the id the message id's text form (see {@link MessageIds}). A document of another
 * tool whose sort field is missing or not a date has {@code ~} and the base64url of the
 * BSON document {@code {"v": value}} in place of the milliseconds.
 *
 * @param sortValue the sort field's value as stored: a {@link Date}, or for another
 * tool's document any other value, null when missing
 * @param id the stored {@code _id}
 */
public record PageCursor(Object sortValue, Object id) {

	/**
	 * The longest cursor read: longer than a request line may be (8 KB by default), so no
	 * cursor a listing hands out is refused, while garbage is never decoded at length.
	 */
	private static final int MAX_LENGTH = 8192;

	/**
	 * The longest cursor a page ends with when it can: with the path and the query it
	 * must fit a response header (8 KB on most servers and proxies).
	 */
	public static final int MAX_IN_LINK = 2048;

	private static final Pattern MILLIS = Pattern.compile("-?\\d{1,19}");

	private static final String VALUE = "~";

	private static final String VALUE_FIELD = "v";

	/** Whether the sort field holds a date: the first, indexed part of the order. */
	public boolean dated() {
		return this.sortValue instanceof Date;
	}

	/** The cursor as a client passes it back. */
	public String encode() {
		String time = dated() ? Long.toString(((Date) this.sortValue).getTime())
				: VALUE + base64(encodeValue(this.sortValue));
		return base64((time + ":" + MessageIds.toText(this.id)).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Reads a cursor as {@link #encode} writes it, and only in that form: one text for
	 * each position. Null when none is given.
	 * @throws MalformedCursorException when the text is no cursor of this form
	 */
	public static PageCursor parse(String text) {
		if (text == null) {
			return null;
		}
		if (text.isEmpty() || text.length() > MAX_LENGTH) {
			throw new MalformedCursorException();
		}
		PageCursor cursor;
		try {
			cursor = read(text);
		}
		catch (RuntimeException | CharacterCodingException ex) {
			// not base64url, not UTF-8, no id of ours, not a BSON value: all one answer
			throw new MalformedCursorException();
		}
		if (cursor == null || !cursor.encode().equals(text)) {
			throw new MalformedCursorException();
		}
		return cursor;
	}

	private static PageCursor read(String text) throws CharacterCodingException {
		String plain = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT)
			.decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(text)))
			.toString();
		int colon = plain.indexOf(':');
		if (colon < 0) {
			return null;
		}
		String time = plain.substring(0, colon);
		Object id = MessageIds.toStored(plain.substring(colon + 1));
		if (MILLIS.matcher(time).matches()) {
			return new PageCursor(new Date(Long.parseLong(time)), id);
		}
		if (time.startsWith(VALUE)) {
			Object value = decodeValue(Base64.getUrlDecoder().decode(time.substring(VALUE.length())));
			// a date has the milliseconds' form
			return (value instanceof Date) ? null : new PageCursor(value, id);
		}
		return null;
	}

	private static String base64(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static byte[] encodeValue(Object value) {
		BasicOutputBuffer buffer = new BasicOutputBuffer();
		try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
			new DocumentCodec().encode(writer, new Document(VALUE_FIELD, value), EncoderContext.builder().build());
		}
		return buffer.toByteArray();
	}

	private static Object decodeValue(byte[] bytes) {
		try (BsonBinaryReader reader = new BsonBinaryReader(ByteBuffer.wrap(bytes))) {
			Document document = new DocumentCodec().decode(reader, DecoderContext.builder().build());
			if (document.size() != 1 || !document.containsKey(VALUE_FIELD)) {
				throw new IllegalArgumentException("not a cursor's value");
			}
			return MessageIds.requireLiteral(document.get(VALUE_FIELD));
		}
	}

}
