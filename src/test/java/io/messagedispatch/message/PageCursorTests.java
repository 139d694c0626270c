package io.messagedispatch.message;

import java.util.List;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.stream.Stream;

import org.bson.BsonRegularExpression;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The cursor clients pass back: the base64url of the sort key's milliseconds and the
 * message id, read back to exactly the position it was made from, for ids of every type
 * and documents without a date, and refused in any other form.
 */
class PageCursorTests {

	@Test
	void aCursorIsTheBase64urlOfTheMillisecondsAndTheId() {
		PageCursor cursor = new PageCursor(new Date(1_777_636_800_000L), new ObjectId("6650a1b2c3d4e5f601234567"));

		assertThat(cursor.encode()).isEqualTo("MTc3NzYzNjgwMDAwMDo2NjUwYTFiMmMzZDRlNWY2MDEyMzQ1Njc");
		assertThat(new String(Base64.getUrlDecoder().decode(cursor.encode()), StandardCharsets.UTF_8))
			.isEqualTo("1777636800000:6650a1b2c3d4e5f601234567");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("positions")
	void everyPositionReadsBackAsItWasMade(PageCursor position) {
		assertThat(PageCursor.parse(position.encode())).isEqualTo(position);
	}

	static Stream<PageCursor> positions() {
		Date created = new Date(1_777_636_800_000L);
		return Stream.of(new PageCursor(created, new ObjectId()), new PageCursor(created, "an id: with a colon"),
				new PageCursor(created, "6650a1b2c3d4e5f601234567"), new PageCursor(created, ""),
				new PageCursor(created, 42), new PageCursor(created, 42L), new PageCursor(created, 1.5),
				new PageCursor(created, new Binary((byte) 4, new byte[16])),
				new PageCursor(created, new Document("k", 1)), new PageCursor(created, null),
				new PageCursor(new Date(-1), new ObjectId()), new PageCursor(null, new ObjectId()),
				new PageCursor("yesterday", "abc"), new PageCursor(12345, 7),
				new PageCursor(new BsonTimestamp(5, 1), new ObjectId()), new PageCursor(true, false));
	}

	@Test
	void noCursorIsNoPosition() {
		assertThat(PageCursor.parse(null)).isNull();
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "", "not a cursor", "%%%", "MTc3NzYzNjgwMDAwMA",
			// padded, or with a leading zero: not the one text of that position
			"MTc3NzYzNjgwMDAwMDo2NjUwYTFiMmMzZDRlNWY2MDEyMzQ1Njc=",
			"MDE3Nzc2MzY4MDAwMDA6NjY1MGExYjJjM2Q0ZTVmNjAxMjM0NTY3",
			// a time beyond a long, an id of no form of ours, no time
			"OTk5OTk5OTk5OTk5OTk5OTk5OTk6YWJj", "MTc3NzYzNjgwMDAwMDp-aTMyOjA0Mg", "OmFiYw",
			// a value that is a date, a value that is no BSON, bytes that are not UTF-8
			"fkVBQUFBQWwyQUFBQUFBQUFBQUFBQUE6YWJj", "fmdhcmJhZ2U6YWJj", "__46YWJj" })
	void anythingElseIsRefused(String text) {
		assertThatExceptionOfType(MalformedCursorException.class).isThrownBy(() -> PageCursor.parse(text));
	}

	@Test
	void aCursorWhosePositionAQueryWouldReadAsAPatternOrAnOperatorIsRefused() {
		for (Object crafted : List.of(new BsonRegularExpression("(a+)+$"), new Document("$regex", "(a+)+$"))) {
			String text = new PageCursor(crafted, "x").encode();

			assertThatExceptionOfType(MalformedCursorException.class).as(String.valueOf(crafted))
				.isThrownBy(() -> PageCursor.parse(text));
		}
	}

	@Test
	void anOverlongCursorIsRefusedUnread() {
		String id = "x".repeat(7000);
		String text = new PageCursor(new Date(0), id).encode();

		assertThatExceptionOfType(MalformedCursorException.class).isThrownBy(() -> PageCursor.parse(text));
	}

}
