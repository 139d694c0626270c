package io.messagedispatch.message.web;

import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.mongodb.MongoTimeoutException;
import io.messagedispatch.security.Caller;
import io.messagedispatch.message.AttemptLog;
import io.messagedispatch.message.Attempt;
import io.messagedispatch.message.Delivery;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessagePage;
import io.messagedispatch.message.MessageRules;
import io.messagedispatch.message.MessageSearch;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;
import io.messagedispatch.message.PageCursor;
import io.messagedispatch.message.RequeueFilter;
import io.messagedispatch.message.Requeued;
import io.messagedispatch.message.web.refusals.IdempotencyKeyReusedException;
import io.messagedispatch.message.web.refusals.MessageRejectedException;
import io.messagedispatch.web.WebSlice;
import org.bson.types.ObjectId;
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
		given(this.messages.search(new MessageSearch(MessageStatus.FAILED, null, null, null, null), 50, null))
			.willReturn(new MessagePage(List.of(failed), null));

		MvcTestResult result = this.mvc.get().uri("/messages?status=FAILED&limit=50").exchange();

		assertThat(result).hasStatusOk().doesNotContainHeader(HttpHeaders.LINK);
		assertThat(result).bodyJson().extractingPath("$[*].id").asArray().containsExactly(ID);
		assertThat(result).bodyJson().extractingPath("$[0].status").isEqualTo("failed");
		assertThat(result).bodyJson().extractingPath("$[0].lastError").isEqualTo("gave up after 10 attempts: HTTP 503");
	}

	@Test
	void listingWithoutALimitAsksForTen() {
		given(this.messages.search(new MessageSearch(MessageStatus.UNSENT, null, null, null, null), 10, null))
			.willReturn(new MessagePage(List.of(), null));

		assertThat(this.mvc.get().uri("/messages?status=unsent")).hasStatusOk().bodyJson().isStrictlyEqualTo("[]");
		then(this.messages).should().search(new MessageSearch(MessageStatus.UNSENT, null, null, null, null), 10, null);
	}

	@Test
	void withoutAStatusEveryMessageIsListed() {
		given(this.messages.search(MessageSearch.all(), 10, null))
			.willReturn(new MessagePage(List.of(aMessage().id(ID).build()), null));

		assertThat(this.mvc.get().uri("/messages")).hasStatusOk()
			.bodyJson()
			.extractingPath("$[*].id")
			.asArray()
			.containsExactly(ID);
	}

	@Test
	void everyFilterIsHandedToTheStore() {
		MessageSearch search = new MessageSearch(MessageStatus.SENT, "+905551111111", "shop",
				Instant.parse("2026-05-01T00:00:00Z"), Instant.parse("2026-05-02T00:00:00Z"));
		given(this.messages.search(search, 10, null)).willReturn(new MessagePage(List.of(), null));

		assertThat(this.mvc.get()
			.uri(URI.create("/messages?status=sent&phoneNumber=%2B905551111111&client=shop"
					+ "&createdFrom=2026-05-01T00:00:00Z&createdTo=2026-05-02T00:00:00Z")))
			.hasStatusOk();
		then(this.messages).should().search(search, 10, null);
	}

	@Test
	void aFullPageLinksToTheNextWithTheOtherParametersAsGivenAndTheNewCursor() {
		PageCursor previous = new PageCursor(new Date(1_777_636_800_000L), new ObjectId(ID));
		PageCursor next = new PageCursor(new Date(1_777_636_700_000L), new ObjectId("6650a1b2c3d4e5f601234500"));
		MessageSearch failedTo = new MessageSearch(MessageStatus.FAILED, "+905551111111", null, null, null);
		given(this.messages.search(failedTo, 2, previous))
			.willReturn(new MessagePage(List.of(aMessage().build(), aMessage().build()), next));

		MvcTestResult result = this.mvc.get()
			.uri(URI
				.create("/messages?status=failed&cursor=" + previous.encode() + "&phoneNumber=%2B905551111111&limit=2"))
			.exchange();

		assertThat(result).hasStatusOk()
			.hasHeader(HttpHeaders.LINK, "</messages?status=failed&phoneNumber=%2B905551111111&limit=2&cursor="
					+ next.encode() + ">; rel=\"next\"");
		assertThat(result).bodyJson().extractingPath("$").asArray().hasSize(2);
	}

	@ParameterizedTest(name = "cursor={0}")
	@ValueSource(
			strings = { "not-a-cursor", "MTc3NzYzNjgwMDAwMA", "MTc3NzYzNjgwMDAwMDo2NjUwYTFiMmMzZDRlNWY2MDEyMzQ1Njc=",
					"MDE3Nzc2MzY4MDAwMDA6NjY1MGExYjJjM2Q0ZTVmNjAxMjM0NTY3", "" })
	void malformedCursorIsRefusedWithoutTouchingTheStore(String cursor) {
		assertThat(this.mvc.get().uri("/messages?status=failed&cursor={cursor}", cursor))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.isStrictlyEqualTo(
					"""
							{"type": "about:blank", "title": "Bad Request", "status": 400,
							 "detail": "invalid cursor parameter: pass the cursor of the previous page's Link header unchanged",
							 "instance": "/messages",
							 "error": "invalid cursor parameter: pass the cursor of the previous page's Link header unchanged"}""");
		verifyNoInteractions(this.messages);
	}

	@Test
	void filtersOfTheWrongFormAreRefusedByNameWithoutTouchingTheStore() {
		assertThat(this.mvc.get()
			.uri("/messages?phoneNumber=0555&client=&createdFrom=2026-05-02T00:00:00Z&createdTo=2026-05-01"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors")
			.isEqualTo(List.of(Map.of("field", "phoneNumber", "message", "must be in E.164 format, e.g. +905551111111"),
					Map.of("field", "client", "message", "must be a client name of 1 to 256 characters"),
					Map.of("field", "createdTo", "message", "must be an ISO-8601 instant, e.g. 2026-05-01T12:00:00Z")));
		assertThat(this.mvc.get().uri("/messages?createdFrom=2026-05-02T00:00:00Z&createdTo=2026-05-02T00:00:00Z"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors")
			.isEqualTo(List.of(Map.of("field", "createdTo", "message", "must be after createdFrom")));
		verifyNoInteractions(this.messages);
	}

	@Test
	void aPlusLeftUnencodedInThePhoneNumberIsExplained() {
		assertThat(this.mvc.get().uri("/messages").param("phoneNumber", " 905551111111"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors[0].message")
			.isEqualTo("must be in E.164 format, e.g. +905551111111 (write + as %2B in a query string)");
		verifyNoInteractions(this.messages);
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
		given(this.messages.requeueFailed(RequeueFilter.allFailed(), false)).willReturn(new Requeued(12, 0));

		assertThat(this.mvc.post().uri("/messages/requeue").param("status", status)).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("{\"requeued\": 12, \"remaining\": 0}");
	}

	@Test
	void requeueWithoutAStatusTakesFailedMessagesAndSaysHowManyMoreMatch() {
		given(this.messages.requeueFailed(RequeueFilter.allFailed(), false)).willReturn(new Requeued(1000, 245));

		assertThat(this.mvc.post().uri("/messages/requeue")).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("{\"requeued\": 1000, \"remaining\": 245}");
	}

	@Test
	void everyRequeueFilterIsHandedToTheStore() {
		RequeueFilter filter = new RequeueFilter("+905551111111", "shop", Instant.parse("2026-05-01T00:00:00Z"),
				Instant.parse("2026-05-01T12:00:00Z"), "HTTP 503 (retry?)");
		given(this.messages.requeueFailed(filter, false)).willReturn(new Requeued(3, 0));

		assertThat(this.mvc.post()
			.uri(URI.create("/messages/requeue?status=failed&phoneNumber=%2B905551111111&client=shop"
					+ "&failedFrom=2026-05-01T00:00:00Z&failedTo=2026-05-01T12:00:00Z"
					+ "&errorContains=HTTP%20503%20(retry%3F)")))
			.hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("{\"requeued\": 3, \"remaining\": 0}");
	}

	@ParameterizedTest(name = "dryRun={0}")
	@ValueSource(strings = { "true", "TRUE", " true " })
	void aDryRunSaysHowManyItWouldRequeue(String dryRun) {
		given(this.messages.requeueFailed(RequeueFilter.allFailed(), true)).willReturn(new Requeued(12, 3));

		assertThat(this.mvc.post().uri("/messages/requeue").param("dryRun", dryRun)).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("{\"wouldRequeue\": 12, \"remaining\": 3}");
		then(this.messages).should().requeueFailed(RequeueFilter.allFailed(), true);
		then(this.messages).shouldHaveNoMoreInteractions();
	}

	@Test
	void aMisspelledRequeueParameterIsRefusedByNameAndNothingIsRequeued() {
		assertThat(this.mvc.post()
			.uri(URI.create("/messages/requeue?status=failed&phonenumber=%2B905551111111&dryrun=true")))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors")
			.isEqualTo(List.of(
					Map.of("field", "dryrun", "message",
							"is not a parameter of requeue: use status, phoneNumber, client, failedFrom, failedTo,"
									+ " errorContains, dryRun"),
					Map.of("field", "phonenumber", "message",
							"is not a parameter of requeue: use status, phoneNumber, client, failedFrom, failedTo,"
									+ " errorContains, dryRun")));
		verifyNoInteractions(this.messages);
	}

	@Test
	void requeueParametersGivenTwiceOrOfTheWrongFormAreRefusedByName() {
		assertThat(this.mvc.post()
			.uri("/messages/requeue?client=shop&client=crm&failedFrom=today&failedTo=2026-05-01T00:00:00Z"
					+ "&errorContains=&dryRun=yes"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors[*].field")
			.asArray()
			.containsExactly("client", "failedFrom", "errorContains", "dryRun");
		assertThat(this.mvc.post().uri("/messages/requeue?errorContains={text}", "x".repeat(201)))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors[0].message")
			.isEqualTo("must be 1 to 200 characters of the error's text, without control characters");
		verifyNoInteractions(this.messages);
	}

	@ParameterizedTest(name = "status={0}")
	@ValueSource(strings = { "sent", "unsent", "sending", "expired", "cancelled", "lost" })
	void requeueOfAnyOtherStatusIsRejectedWithoutTouchingTheStore(String status) {
		assertThat(this.mvc.post().uri("/messages/requeue").param("status", status)).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors[0].message")
			.isEqualTo("only failed messages can be requeued");
		verifyNoInteractions(this.messages);
	}

	@Test
	void storeOutageIsAServiceUnavailableThatShowsNoDriverDetail() {
		given(this.messages.search(any(), eq(10), any()))
			.willThrow(new MongoTimeoutException("Timed out while waiting for db-internal.example:27017"));

		MvcTestResult result = this.mvc.get().uri("/messages?status=sent").exchange();

		assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.bodyJson()
			.extractingPath("$.error")
			.isEqualTo("message store unavailable, try again later");
		assertThat(result).body().asString().doesNotContain("db-internal", "Timed out", "Mongo");
	}

	@Test
	void attemptLogIsListedOldestFirstNumberedFromTheFirstEverWritten() {
		Instant at = Instant.parse("2026-05-01T12:00:00Z");
		given(this.messages.findAttemptLog(ID)).willReturn(Optional.of(new AttemptLog(null, 52, List.of(
				new Attempt(at, "host-a", "run-1", Attempt.Outcome.RETRY, null, "timed out", 5001, null),
				new Attempt(at.plusSeconds(60), "host-b", "run-2", Attempt.Outcome.SENT, 202, null, 12, "{}")))));

		MvcTestResult result = this.mvc.get().uri("/messages/" + ID + "/attempts").exchange();

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().isStrictlyEqualTo("""
				[{"attempt": 51, "at": "2026-05-01T12:00:00Z", "instance": "host-a", "runId": "run-1",
				  "outcome": "retry", "httpStatus": null, "error": "timed out", "latencyMs": 5001,
				  "responseExcerpt": null},
				 {"attempt": 52, "at": "2026-05-01T12:01:00Z", "instance": "host-b", "runId": "run-2",
				  "outcome": "sent", "httpStatus": 202, "error": null, "latencyMs": 12, "responseExcerpt": "{}"}]""");
	}

	@Test
	void attemptLogOfAnotherClientsMessageIsNotFoundLikeAMissingOne() {
		given(this.messages.findAttemptLog(ID)).willReturn(Optional.of(new AttemptLog("shop", 0, List.of())));

		MvcTestResult otherClient = this.mvc.get()
			.uri("/messages/" + ID + "/attempts")
			.requestAttr(Caller.class.getName(), Caller.client("bank"))
			.exchange();
		MvcTestResult owner = this.mvc.get()
			.uri("/messages/" + ID + "/attempts")
			.requestAttr(Caller.class.getName(), Caller.client("shop"))
			.exchange();

		assertThat(otherClient).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(owner).hasStatusOk();
		assertThat(owner).bodyJson().isStrictlyEqualTo("[]");
	}

	@Test
	void bulkRequeueWithItsFilterInABodyIsRefusedAndRequeuesNothing() {
		MvcTestResult result = post("/messages/requeue", "{\"errorContains\": \"HTTP 503\"}");

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("body");
		then(this.messages).shouldHaveNoInteractions();
	}

	@Test
	void filtersWithAnInstantNoStoredDateCanHoldOrAControlCharacterAreRefused() {
		assertThat(this.mvc.get().uri("/messages?createdFrom={from}", "+999999999-01-01T00:00:00Z").exchange())
			.hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(this.mvc.get().uri("/messages?createdTo={to}", "-999999999-01-01T00:00:00Z").exchange())
			.hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(this.mvc.post().uri("/messages/requeue?failedTo={to}", "+999999999-01-01T00:00:00Z").exchange())
			.hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(this.mvc.post().uri("/messages/requeue?errorContains={text}", "HTTP\u0000").exchange())
			.hasStatus(HttpStatus.BAD_REQUEST);
		then(this.messages).shouldHaveNoInteractions();
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
