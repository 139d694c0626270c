package io.messagedispatch.retention;

import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.time.Duration;

import com.jayway.jsonpath.JsonPath;
import io.messagedispatch.support.MutableClock;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.convention.TestBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service on the embedded store with a short retention: a cancelled message
 * disappears once its retention is over, an open one stays, an {@code Idempotency-Key} is
 * forgotten after its own retention, and {@code /processor/status} says what retention is
 * in force and that the sweep does the deleting. The sweep is driven by hand with the
 * clock; its schedule is an hour away.
 */
@Tag("e2e")
@SpringBootTest(properties = { "messaging.processor.initial-delay=1h", "messaging.retention.settled=1h",
		"messaging.retention.sweep-interval=1h", "messaging.message.idempotency-retention=2h" })
@AutoConfigureMockMvc
class RetentionEndToEndTests {

	private static final MutableClock clock = MutableClock.startingNow();

	@TestBean
	private Clock systemClock;

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private RetentionSweep sweep;

	@Autowired
	private MongoTemplate mongo;

	static Clock systemClock() {
		return clock;
	}

	@BeforeEach
	void emptyStore() {
		this.mongo.getCollection("messages").deleteMany(new Document());
		this.mongo.getCollection("idempotency_keys").deleteMany(new Document());
	}

	@Test
	void settledMessagesAndIdempotencyKeysDisappearAfterAShortRetention() throws Exception {
		String cancelled = idOf(enqueue("cancel me", "key-1"));
		String open = idOf(enqueue("keep me", null));
		assertThat(this.mvc.post().uri("/messages/{id}/cancel", cancelled)).hasStatusOk();

		clock.advance(Duration.ofHours(1));
		this.sweep.sweep();

		assertThat(this.mvc.get().uri("/messages/{id}", cancelled)).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(this.mvc.get().uri("/messages/{id}", open)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.status")
			.isEqualTo("unsent");
		assertThat(enqueue("another body", "key-1")).as("the key is still remembered").hasStatus(HttpStatus.CONFLICT);

		clock.advance(Duration.ofHours(1));
		this.sweep.sweep();

		assertThat(enqueue("another body", "key-1")).as("the key is forgotten").hasStatus(HttpStatus.CREATED);
		assertThat(this.mvc.get().uri("/messages/{id}", open)).hasStatusOk();
	}

	@Test
	void statusSaysWhatRetentionIsInForce() {
		assertThat(this.mvc.get().uri("/processor/status")).hasStatusOk().bodyJson().satisfies(json -> {
			assertThat(json).extractingPath("$.retention.settled").isEqualTo("PT1H");
			assertThat(json).extractingPath("$.retention.idempotencyKeys").isEqualTo("PT2H");
			assertThat(json).extractingPath("$.retention.deletedBy").isEqualTo("SWEEP");
			assertThat(json).extractingPath("$.retention.sweepInterval").isEqualTo("PT1H");
			assertThat(json).extractingPath("$.messages.unsent").isNotNull();
		});
	}

	private MvcTestResult enqueue(String content, String idempotencyKey) {
		var request = this.mvc.post()
			.uri("/messages")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"phoneNumber\":\"+905551111111\",\"content\":\"" + content + "\"}");
		if (idempotencyKey != null) {
			request = request.header("Idempotency-Key", idempotencyKey);
		}
		return request.exchange();
	}

	private static String idOf(MvcTestResult result) throws UnsupportedEncodingException {
		assertThat(result).hasStatus(HttpStatus.CREATED);
		return JsonPath.read(result.getResponse().getContentAsString(), "$.id");
	}

}
