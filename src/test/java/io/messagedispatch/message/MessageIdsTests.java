package io.messagedispatch.message;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import org.bson.BsonRegularExpression;
import org.bson.BsonBinarySubType;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MessageIdsTests {

	private static final List<Object> IDS = List.of(new ObjectId(), "kampanya-şubat-1", "plain-id",
			"0123456789ABCDEF01234567", "0123456789abcdef01234567", "~starts-with-a-tilde", "", " spaced out ", 42, -7,
			1L << 40, 42.5, Double.NaN, Decimal128.parse("1.10"), new Date(0), new Document("a", 1),
			new Binary(BsonBinarySubType.UUID_STANDARD, new byte[16]), true, "x".repeat(500), "emoji 😀");

	@Test
	void everyIdOfAnyTypeHasOneTextFormThatNamesItAgain() {
		for (Object id : IDS) {
			String text = MessageIds.toText(id);
			assertThat(MessageIds.toStored(text)).as(text).isEqualTo(id);
		}
		assertThat(IDS.stream().map(MessageIds::toText)).doesNotHaveDuplicates();
	}

	@Test
	void objectIdsAndPlainStringsReadAsThemselves() {
		ObjectId objectId = new ObjectId();

		assertThat(MessageIds.toText(objectId)).isEqualTo(objectId.toHexString());
		assertThat(MessageIds.toText("kampanya-şubat-1")).isEqualTo("kampanya-şubat-1");
		assertThat(MessageIds.toText(42)).isEqualTo("~i32:42");
		assertThat(MessageIds.toText("0123456789abcdef01234567")).isEqualTo("~s:0123456789abcdef01234567");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "~", "~i32:", "~i32:forty-two", "~i64:1.5", "~f64:x", "~bson:not base64!",
			"~bson:AAAA", "~nope:1", "~i32:2147483648", "~s:abc", "~i32:042", "~i32:+42", "~f64:42.50" })
	void textThatIsNoIdsFormIsMalformed(String text) {
		assertThatExceptionOfType(MalformedMessageIdException.class).isThrownBy(() -> MessageIds.toStored(text));
	}

	@Test
	void aNumberWrittenInTheGenericFormIsRefusedSoThatEachIdHasOneText() {
		BasicOutputBuffer buffer = new BasicOutputBuffer();
		try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
			new DocumentCodec().encode(writer, new Document("v", 42), EncoderContext.builder().build());
		}
		String generic = "~bson:" + Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.toByteArray());
		String date = MessageIds.toText(new Date(0));

		assertThat(date).startsWith("~bson:");
		assertThat(MessageIds.toStored(date)).isEqualTo(new Date(0));
		assertThatExceptionOfType(MalformedMessageIdException.class).isThrownBy(() -> MessageIds.toStored(generic));
	}

	@Test
	void anIdThatAQueryWouldReadAsAnOperatorOrAPatternIsRefused() {
		ObjectId someone = new ObjectId();
		for (Object crafted : List.of(new Document("$gte", someone), new Document("a", new Document("$ne", null)),
				List.of(new Document("$exists", true)), new BsonRegularExpression(".*"))) {
			String text = "~bson:" + Base64.getUrlEncoder().withoutPadding().encodeToString(bson(crafted));

			assertThatExceptionOfType(MalformedMessageIdException.class).as(String.valueOf(crafted))
				.isThrownBy(() -> MessageIds.toStored(text));
		}
		Document compound = new Document("region", "eu").append("seq", 7);
		assertThat(MessageIds.toStored(MessageIds.toText(compound))).isEqualTo(compound);
	}

	private static byte[] bson(Object value) {
		BasicOutputBuffer buffer = new BasicOutputBuffer();
		try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
			new DocumentCodec().encode(writer, new Document("v", value), EncoderContext.builder().build());
		}
		return buffer.toByteArray();
	}

	@Test
	void theIdempotencyKeyIsAValidHeaderValueTheSameEveryTime() {
		for (Object id : IDS) {
			String text = MessageIds.toText(id);
			String key = MessageIds.idempotencyKey(text);

			assertThat(key).as(text).matches("[\\x21-\\x7E]{1,200}").isEqualTo(MessageIds.idempotencyKey(text));
			HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).header("Idempotency-Key", key);
		}
	}

	@Test
	void theIdempotencyKeyIsTheIdItselfWhenThatIsAlreadyAHeaderValue() {
		ObjectId id = new ObjectId();

		assertThat(MessageIds.idempotencyKey(id.toHexString())).isEqualTo(id.toHexString());
		assertThat(MessageIds.idempotencyKey("kampanya-şubat-1")).startsWith("~sha256:")
			.isNotEqualTo(MessageIds.idempotencyKey("kampanya-subat-1"));
	}

}
