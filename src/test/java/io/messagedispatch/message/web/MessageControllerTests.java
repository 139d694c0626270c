package io.messagedispatch.message.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.mongodb.MongoTimeoutException;
import io.messagedispatch.message.Delivery;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessageRules;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;
import io.messagedispatch.message.web.refusals.IdempotencyKeyReusedException;
import io.messagedispatch.message.web.refusals.MessageRejectedException;
import io.messagedispatch.web.WebSlice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static io.messagedispatch.message.MessageBuilder.aMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The intake API in a web slice, with the intake and the store mocked: how requests map
 * to them, the JSON a client reads ({@link MessageView}, {@link BatchAccepted}), the
 * statuses (201 or 200 on an idempotent replay, 400/404/409/413/503 through the real
 * error handler and request size filter), and that a request refused for its form never
 * reaches the intake or the store.
 */
@WebMvcTest(controllers = MessageController.class, properties = "messaging.web.max-request-size=2KB")
@Import(WebSlice.class)
class MessageControllerTests {

	private static final String ID = "6650a1b2c3d4e5f601234567";

	private static final String ONE = "{\"phoneNumber\":\"+905551111111\",\"content\":\"hi\"}";

	private static final String TWO = "{\"messages\":[{\"phoneNumber\":\"+905551111111\",\"content\":\"one\"},"
			+ "{\"phoneNumber\":\"+905552222222\",\"content\":\"two\"}]}";

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private MessageIntake intake;

	@MockitoBean
	private Messages messages;

	@Test
	void newMessageIsCreatedWithItsLocationAndEveryFieldOfTheView() {
		Message stored = aMessage().id(ID).content("hi").build();
		given(this.intake.accept(List.of(new MessageRequest("+905551111111", "hi")), null, null, "/messages"))
			.willReturn(new MessageIntake.Accepted(List.of(stored), false));

		MvcTestResult result = post("/messages", ONE);

		assertThat(result).hasStatus(HttpStatus.CREATED)
			.hasContentType(MediaType.APPLICATION_JSON)
			.hasHeader(HttpHeaders.LOCATION, "/messages/" + ID);
		assertThat(result).bodyJson().isStrictlyEqualTo("""
				{"id": "6650a1b2c3d4e5f601234567", "phoneNumber": "+905551111111", "content": "hi",
				 "status": "unsent", "attempts": 0, "createdAt": "2026-01-01T00:00:00Z",
				 "updatedAt": "2026-01-01T00:00:00Z", "nextAttemptAt": "2026-01-01T00:00:00Z",
				 "sentAt": null, "webhookMessageId": null, "lastError": null,
				 "sendAt": null, "expiresAt": null, "priority": "normal", "client": null, "delivery": null}""");
	}

	@Test
	void repeatedIdempotencyKeyAnswers200WithTheFirstMessage() {
		Message first = aMessage().id(ID).content("hi").build();
		given(this.intake.accept(List.of(new MessageRequest("+905551111111", "hi")), null, "order-42", "/messages"))
			.willReturn(new MessageIntake.Accepted(List.of(first), true));

		MvcTestResult result = this.mvc.post()
			.uri("/messages")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Idempotency-Key", "  order-42 ")
			.content(ONE)
			.exchange();

		assertThat(result).hasStatus(HttpStatus.OK).hasHeader(HttpHeaders.LOCATION, "/messages/" + ID);
		assertThat(result).bodyJson().extractingPath("$.id").isEqualTo(ID);
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { " ", "   " })
	void blankIdempotencyKeyIsRejectedBeforeTheIntake(String key) {
		assertIdempotencyKeyRejected(key);
	}

	@Test
	void idempotencyKeyOver255CharactersIsRejectedBeforeTheIntake() {
		assertIdempotencyKeyRejected("k".repeat(256));
	}

	@Test
	void idempotencyKeyOf255CharactersIsTaken() {
		given(this.intake.accept(any(), any(), anyString(), anyString()))
			.willReturn(new MessageIntake.Accepted(List.of(aMessage().build()), false));

		assertThat(this.mvc.post()
			.uri("/messages")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Idempotency-Key", "k".repeat(255))
			.content(ONE)).hasStatus(HttpStatus.CREATED);
		then(this.intake).should().accept(any(), any(), eq("k".repeat(255)), anyString());
	}

	@Test
	void messageBreakingTheRulesIsRefusedWithEveryViolation() {
		given(this.intake.accept(any(), any(), any(), anyString()))
			.willThrow(new MessageRejectedException(List.of(new MessageRules.Violation("phoneNumber", "is required"),
					new MessageRules.Violation("content", "must not be empty"))));

		MvcTestResult result = post("/messages", "{\"content\":\" \"}");

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().isStrictlyEqualTo("""
				{"type": "about:blank", "title": "Bad Request", "status": 400,
				 "detail": "invalid message: phoneNumber is required; content must not be empty",
				 "instance": "/messages",
				 "error": "invalid message: phoneNumber is required; content must not be empty",
				 "errors": [{"field": "phoneNumber", "message": "is required"},
				            {"field": "content", "message": "must not be empty"}]}""");
		then(this.intake).should().accept(List.of(new MessageRequest(null, " ")), null, null, "/messages");
	}

	@Test
	void idempotencyKeyReusedForAnotherRequestIsAConflict() {
		given(this.intake.accept(any(), any(), any(), anyString())).willThrow(new IdempotencyKeyReusedException());

		assertThat(this.mvc.post()
			.uri("/messages")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Idempotency-Key", "order-42")
			.content(ONE)).hasStatus(HttpStatus.CONFLICT)
			.bodyJson()
			.extractingPath("$.error")
			.isEqualTo("Idempotency-Key was already used for a different request");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "{not json", "", "{\"phoneNumber\":{\"a\":1},\"content\":[1]}", "[1, 2]" })
	void malformedBodyIsRejectedWithoutReachingTheIntake(String body) {
		assertThat(post("/messages", body)).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.error")
			.isEqualTo("malformed request body: expected valid JSON of the documented shape");
		verifyNoInteractions(this.intake, this.messages);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "{not json", "", "{\"messages\":{\"phoneNumber\":\"+905551111111\"}}",
			"{\"messages\":[1]}", "[]" })
	void malformedBatchIsRejectedWithoutReachingTheIntake(String body) {
		assertThat(post("/messages/batch", body)).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.error")
			.isEqualTo("malformed request body: expected valid JSON of the documented shape");
		verifyNoInteractions(this.intake, this.messages);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/messages", "/messages/batch" })
	void misspelledFieldIsRefusedByNameRatherThanIgnored(String path) {
		String message = "{\"phoneNumber\": \"+905551111111\", \"content\": \"hi\", \"expiresat\": \"2026-05-01T12:00:00Z\"}";
		String body = path.endsWith("batch") ? "{\"messages\": [" + message + "]}" : message;

		assertThat(post(path, body)).hasStatus(HttpStatus.BAD_REQUEST).bodyJson().isLenientlyEqualTo("""
				{"error": "malformed request body: unknown field 'expiresat'",
				 "errors": [{"field": "expiresat"}]}""");
		verifyNoInteractions(this.intake, this.messages);
	}

	@Test
	void bodyThatIsNotJsonIsUnsupportedWithoutReachingTheIntake() {
		assertThat(this.mvc.post().uri("/messages").contentType(MediaType.TEXT_PLAIN).content("hi"))
			.hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.bodyJson()
			.extractingPath("$.error")
			.asString()
			.contains("text/plain");
		verifyNoInteractions(this.intake, this.messages);
	}

	@Test
	void oversizedBodyIsRefusedByTheSizeFilterWithoutReachingTheIntake() {
		String huge = "{\"phoneNumber\":\"+905551111111\",\"content\":\"" + "a".repeat(2048) + "\"}";

		assertThat(post("/messages", huge)).hasStatus(HttpStatus.CONTENT_TOO_LARGE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"type": "about:blank", "title": "Content Too Large", "status": 413,
					 "detail": "request body is larger than 2048 bytes", "instance": "/messages",
					 "error": "request body is larger than 2048 bytes"}""");
		verifyNoInteractions(this.intake, this.messages);
	}

	@Test
	void batchIsCreatedWithTheIdsInTheOrderGiven() {
		Message one = aMessage().content("one").build();
		Message two = aMessage().phoneNumber("+905552222222").content("two").build();
		given(this.intake.accept(
				List.of(new MessageRequest("+905551111111", "one"), new MessageRequest("+905552222222", "two")), null,
				null, "/messages/batch"))
			.willReturn(new MessageIntake.Accepted(List.of(one, two), false));

		MvcTestResult result = post("/messages/batch", TWO);

		assertThat(result).hasStatus(HttpStatus.CREATED).doesNotContainHeader(HttpHeaders.LOCATION);
		assertThat(result).bodyJson()
			.isStrictlyEqualTo("{\"count\": 2, \"ids\": [\"" + one.id() + "\", \"" + two.id() + "\"]}");
	}

	@Test
	void repeatedBatchAnswers200WithTheFirstIds() {
		Message one = aMessage().build();
		given(this.intake.accept(any(), any(), eq("batch-1"), anyString()))
			.willReturn(new MessageIntake.Accepted(List.of(one), true));

		assertThat(this.mvc.post()
			.uri("/messages/batch")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Idempotency-Key", "batch-1")
			.content(TWO)).hasStatus(HttpStatus.OK).bodyJson().extractingPath("$.ids[0]").isEqualTo(one.id());
	}

	@Test
	void batchWithoutMessagesIsHandedOnEmptySoTheIntakeRefusesIt() {
		given(this.intake.accept(List.of(), null, null, "/messages/batch"))
			.willThrow(new MessageRejectedException("messages", "must hold at least one message"));

		assertThat(post("/messages/batch", "{}")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors[0]")
			.isEqualTo(Map.of("field", "messages", "message", "must hold at least one message"));
	}

	@Test
	void sentMessageIsShownWithItsDeliveryState() {
		Instant sentAt = Instant.parse("2026-01-01T00:02:00.120Z");
		given(this.messages.findById(ID))
			.willReturn(Optional.of(aMessage().id(ID).sent("provider-7", sentAt).attempts(2).build()));

		assertThat(this.mvc.get().uri("/messages/" + ID)).hasStatusOk().bodyJson().isStrictlyEqualTo("""
				{"id": "6650a1b2c3d4e5f601234567", "phoneNumber": "+905551111111", "content": "hello",
				 "status": "sent", "attempts": 2, "createdAt": "2026-01-01T00:00:00Z",
				 "updatedAt": "2026-01-01T00:02:00.120Z", "nextAttemptAt": "2026-01-01T00:00:00Z",
				 "sentAt": "2026-01-01T00:02:00.120Z", "webhookMessageId": "provider-7", "lastError": null,
				 "sendAt": null, "expiresAt": null, "priority": "normal", "client": null, "delivery": null}""");
	}

	@Test
	void sentMessageShowsWhatTheProviderReportedOfItsDeliveryApartFromItsStatus() {
		Instant sentAt = Instant.parse("2026-01-01T00:02:00.120Z");
		given(this.messages.findById(ID)).willReturn(Optional.of(aMessage().id(ID)
			.sent("provider-7", sentAt)
			.delivery(new Delivery("undelivered", Instant.parse("2026-01-01T00:02:03Z"), "absent-subscriber"))
			.build()));

		assertThat(this.mvc.get().uri("/messages/" + ID)).hasStatusOk().bodyJson().satisfies(json -> {
			assertThat(json).extractingPath("$.status").isEqualTo("sent");
			assertThat(json).extractingPath("$.delivery")
				.isEqualTo(Map.of("status", "undelivered", "at", "2026-01-01T00:02:03Z", "errorCode",
						"absent-subscriber"));
		});
	}

	@Test
	void unknownMessageIsNotFoundWithTheCommonErrorBody() {
		given(this.messages.findById(ID)).willReturn(Optional.empty());

		assertThat(this.mvc.get().uri("/messages/" + ID)).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"type": "about:blank", "title": "Not Found", "status": 404,
					 "detail": "message 6650a1b2c3d4e5f601234567 not found",
					 "instance": "/messages/6650a1b2c3d4e5f601234567",
					 "error": "message 6650a1b2c3d4e5f601234567 not found"}""");
	}

	@Test
	void malformedIdIsRejectedWithoutTouchingTheStore() {
		assertThat(this.mvc.get().uri("/messages/~i32:not-a-number")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.error")
			.asString()
			.startsWith("malformed message id '~i32:not-a-number'");
		assertThat(this.mvc.post().uri("/messages/~i32:042/requeue")).hasStatus(HttpStatus.BAD_REQUEST);
		verifyNoInteractions(this.messages, this.intake);
	}

	@Test
	void listingAsksTheStoreForTheStatusAndLimitGiven() {
		Message failed = aMessage().id(ID).failed("gave up after 10 attempts: HTTP 503").attempts(10).build();
		given(this.messages.findByStatus(MessageStatus.FAILED, 50)).willReturn(List.of(failed));

		MvcTestResult result = this.mvc.get().uri("/messages?status=FAILED&limit=50").exchange();

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$[*].id").asArray().containsExactly(ID);
		assertThat(result).bodyJson().extractingPath("$[0].status").isEqualTo("failed");
		assertThat(result).bodyJson().extractingPath("$[0].lastError").isEqualTo("gave up after 10 attempts: HTTP 503");
	}

	@Test
	void listingWithoutALimitAsksForTen() {
		given(this.messages.findByStatus(MessageStatus.UNSENT, 10)).willReturn(List.of());

		assertThat(this.mvc.get().uri("/messages?status=unsent")).hasStatusOk().bodyJson().isStrictlyEqualTo("[]");
		then(this.messages).should().findByStatus(MessageStatus.UNSENT, 10);
	}

	@Test
	void unknownStatusIsRejectedWithoutTouchingTheStore() {
		assertThat(this.mvc.get().uri("/messages?status=lost")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors")
			.isEqualTo(List.of(Map.of("field", "status", "message",
					"must be one of unsent, sending, sent, failed, expired, cancelled")));
		verifyNoInteractions(this.messages);
	}

	@Test
	void missingStatusIsRejectedWithoutTouchingTheStore() {
		assertThat(this.mvc.get().uri("/messages")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.error")
			.isEqualTo("missing status parameter");
		verifyNoInteractions(this.messages);
	}

	@ParameterizedTest(name = "limit={0}")
	@ValueSource(strings = { "0", "1001", "-1", "ten", "1.5", "" })
	void invalidLimitIsRejectedWithoutTouchingTheStore(String limit) {
		assertThat(this.mvc.get().uri("/messages?status=sent&limit={limit}", limit)).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.error")
			.isEqualTo("invalid limit parameter");
		verifyNoInteractions(this.messages);
	}

	@Test
	void failedMessageIsRequeuedAndShownAsItIsNow() {
		given(this.messages.requeue(ID)).willReturn(true);
		given(this.messages.findById(ID)).willReturn(Optional.of(aMessage().id(ID).build()));

		assertThat(this.mvc.post().uri("/messages/" + ID + "/requeue")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.status")
			.isEqualTo("unsent");
		then(this.messages).should().requeue(ID);
	}

	@Test
	void messageThatIsNotFailedCannotBeRequeued() {
		given(this.messages.requeue(ID)).willReturn(false);
		given(this.messages.findById(ID)).willReturn(
				Optional.of(aMessage().id(ID).sent("provider-7", Instant.parse("2026-01-01T00:01:00Z")).build()));

		assertThat(this.mvc.post().uri("/messages/" + ID + "/requeue")).hasStatus(HttpStatus.CONFLICT)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"type": "about:blank", "title": "Conflict", "status": 409,
					 "detail": "message 6650a1b2c3d4e5f601234567 is sent: only failed messages can be requeued",
					 "instance": "/messages/6650a1b2c3d4e5f601234567/requeue",
					 "error": "message 6650a1b2c3d4e5f601234567 is sent: only failed messages can be requeued"}""");
	}

	@Test
	void requeueOfAnUnknownMessageIsNotFound() {
		given(this.messages.requeue(ID)).willReturn(false);
		given(this.messages.findById(ID)).willReturn(Optional.empty());

		assertThat(this.mvc.post().uri("/messages/" + ID + "/requeue")).hasStatus(HttpStatus.NOT_FOUND)
			.bodyJson()
			.extractingPath("$.error")
			.isEqualTo("message " + ID + " not found");
	}

	@ParameterizedTest(name = "status={0}")
	@ValueSource(strings = { "failed", "FAILED", " Failed " })
	void everyFailedMessageIsRequeuedAndCounted(String status) {
		given(this.messages.requeueAllFailed()).willReturn(12L);

		assertThat(this.mvc.post().uri("/messages/requeue").param("status", status)).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("{\"requeued\": 12}");
	}

	@ParameterizedTest(name = "status={0}")
	@ValueSource(strings = { "sent", "unsent", "sending", "lost" })
	void requeueOfAnyOtherStatusIsRejectedWithoutTouchingTheStore(String status) {
		assertThat(this.mvc.post().uri("/messages/requeue").param("status", status)).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors[0].message")
			.isEqualTo("only failed messages can be requeued");
		verifyNoInteractions(this.messages);
	}

	@Test
	void storeOutageIsAServiceUnavailableThatShowsNoDriverDetail() {
		given(this.messages.findByStatus(MessageStatus.SENT, 10))
			.willThrow(new MongoTimeoutException("Timed out while waiting for db-internal.example:27017"));

		MvcTestResult result = this.mvc.get().uri("/messages?status=sent").exchange();

		assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.bodyJson()
			.extractingPath("$.error")
			.isEqualTo("message store unavailable, try again later");
		assertThat(result).body().asString().doesNotContain("db-internal", "Timed out", "Mongo");
	}

	private MvcTestResult post(String uri, String body) {
		return this.mvc.post().uri(uri).contentType(MediaType.APPLICATION_JSON).content(body).exchange();
	}

	private void assertIdempotencyKeyRejected(String key) {
		for (String[] request : List.of(new String[] { "/messages", ONE }, new String[] { "/messages/batch", TWO })) {
			assertThat(this.mvc.post()
				.uri(request[0])
				.contentType(MediaType.APPLICATION_JSON)
				.header("Idempotency-Key", key)
				.content(request[1])).hasStatus(HttpStatus.BAD_REQUEST)
				.bodyJson()
				.extractingPath("$.errors")
				.isEqualTo(List.of(Map.of("field", "Idempotency-Key", "message", "must be 1 to 255 characters")));
		}
		verifyNoInteractions(this.intake, this.messages);
	}

}
