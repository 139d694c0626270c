package io.messagedispatch.message.web;

import java.util.List;
import java.util.Map;

import io.messagedispatch.message.Attempt;
import jakarta.servlet.http.HttpServletRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;

/**
 * How the intake API is described in the OpenAPI document; {@link MessageController}
 * implements it, so the handlers stay free of documentation.
 */
@Tag(name = "messages", description = "Enqueue messages and look up their delivery state")
interface MessageApi {

	String MESSAGE = """
			{"id": "6650a1b2c3d4e5f601234567", "phoneNumber": "+905551111111", "content": "Your code is 1234",
			 "status": "unsent", "attempts": 0, "createdAt": "2026-05-01T12:00:00Z",
			 "updatedAt": "2026-05-01T12:00:00Z", "nextAttemptAt": "2026-05-01T12:00:00Z", "sentAt": null, "webhookMessageId": null, "lastError": null,
			 "sendAt": null, "expiresAt": null, "priority": "normal", "client": null,
			 "delivery": null}""";

	String SCHEDULED = """
			{"id": "6650a1b2c3d4e5f601234568", "phoneNumber": "+905551111111", "content": "Your code is 1234",
			 "status": "unsent", "attempts": 0, "createdAt": "2026-05-01T12:00:00Z",
			 "updatedAt": "2026-05-01T12:00:00Z", "nextAttemptAt": "2026-05-01T12:30:00Z", "sentAt": null, "webhookMessageId": null, "lastError": null,
			 "sendAt": "2026-05-01T12:30:00Z", "expiresAt": "2026-05-01T12:40:00Z", "priority": "high", "client": "shop",
			 "delivery": null}""";

	String LIFECYCLE = " Optional: `sendAt` (ISO-8601 instant; not claimed before it, at most"
			+ " messaging.message.max-schedule-ahead ahead, a past instant means now), `validFor` (ISO-8601 duration)"
			+ " or `expiresAt` (instant), not both: not POSTed after that instant, it becomes `expired`;"
			+ " messaging.message.default-validity applies when neither is given; `priority`: high, normal (default)"
			+ " or low: due messages are claimed highest priority first, then oldest first.";

	String IDEMPOTENCY_KEY = "The same key again returns the original result with 200 and stores nothing new; with"
			+ " another body it is a 409. 1 to 255 characters, remembered for messaging.message.idempotency-retention."
			+ " Each client key has keys of its own: another client's key of the same text is another key.";

	@Operation(summary = "Enqueue one message",
			description = "Stores the message `unsent`, due at once or at its `sendAt`. The phone number is E.164; the"
					+ " content is non-blank and at most messaging.message.max-length characters (code points)."
					+ LIFECYCLE,
			parameters = @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, description = IDEMPOTENCY_KEY,
					example = "order-42"),
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
					mediaType = "application/json", schema = @Schema(implementation = MessageRequest.class),
					examples = { @ExampleObject(name = "message", value = """
							{"phoneNumber": "+905551111111", "content": "Your code is 1234"}"""),
							@ExampleObject(name = "scheduled", value = """
									{"phoneNumber": "+905551111111", "content": "Your code is 1234",
									 "sendAt": "2026-05-01T12:30:00Z", "validFor": "PT10M", "priority": "high"}""") })))
	@ApiResponse(responseCode = "201", description = "Stored; `Location` names it",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = MessageView.class),
					examples = { @ExampleObject(name = "stored", value = MESSAGE),
							@ExampleObject(name = "scheduled", value = SCHEDULED) }))
	@ApiResponse(responseCode = "200", description = "A repeated Idempotency-Key: the message it stored first",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = MessageView.class),
					examples = @ExampleObject(name = "replayed", value = MESSAGE)))
	@ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
	@ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
	@ApiResponse(responseCode = "413", ref = "#/components/responses/ContentTooLarge")
	ResponseEntity<MessageView> accept(MessageRequest request, String idempotencyKey);

	@Operation(summary = "Enqueue a batch of messages",
			description = "Up to messaging.message.max-batch-size (1,000) messages. All are checked before any is"
					+ " stored, so the batch is stored whole or not at all; `errors` names each broken field as"
					+ " `messages[i].field`.",
			parameters = @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, description = IDEMPOTENCY_KEY,
					example = "batch-2026-05-01"),
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = "application/json",
							schema = @Schema(implementation = BatchRequest.class),
							examples = @ExampleObject(name = "batch", value = """
									{"messages": [{"phoneNumber": "+905551111111", "content": "one"},
									              {"phoneNumber": "+905552222222", "content": "two"}]}"""))))
	@ApiResponse(responseCode = "201", description = "Stored; the ids in the order given",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = BatchAccepted.class),
					examples = @ExampleObject(name = "stored", value = """
							{"count": 2, "ids": ["6650a1b2c3d4e5f601234567", "6650a1b2c3d4e5f601234568"]}""")))
	@ApiResponse(responseCode = "200", description = "A repeated Idempotency-Key: the ids it stored first",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = BatchAccepted.class),
					examples = @ExampleObject(name = "replayed", value = """
							{"count": 2, "ids": ["6650a1b2c3d4e5f601234567", "6650a1b2c3d4e5f601234568"]}""")))
	@ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
	@ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
	@ApiResponse(responseCode = "413", ref = "#/components/responses/ContentTooLarge")
	ResponseEntity<BatchAccepted> acceptBatch(BatchRequest request, String idempotencyKey);

	@Operation(summary = "Look a message up",
			description = "The message with its delivery state: `status` (unsent, sending, sent, failed, expired,"
					+ " cancelled), `attempts`, `nextAttemptAt`, `sentAt`, `webhookMessageId`, `lastError`, and what"
					+ " its request asked for: `sendAt`, `expiresAt`, `priority`; `client` is the client system that"
					+ " enqueued it (null for the operator); `delivery` is what the provider last reported of its"
					+ " delivery to the phone (`status` delivered, undelivered or failed, `at`, `errorCode`), null until"
					+ " a report came; `status` stays `sent`. A client key sees only the messages it enqueued; another"
					+ " client's is a 404.",
			parameters = @Parameter(name = "id", in = ParameterIn.PATH, description = "the message id (24 hex digits)",
					example = "6650a1b2c3d4e5f601234567"))
	@ApiResponse(responseCode = "200", description = "The message",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = MessageView.class),
					examples = @ExampleObject(name = "sent", value = """
							{"id": "6650a1b2c3d4e5f601234567", "phoneNumber": "+905551111111",
							 "content": "Your code is 1234", "status": "sent", "attempts": 1,
							 "createdAt": "2026-05-01T12:00:00Z", "updatedAt": "2026-05-01T12:02:00.120Z",
							 "nextAttemptAt": "2026-05-01T12:00:00Z", "sentAt": "2026-05-01T12:02:00.120Z",
							 "webhookMessageId": "67f2f8a8-ea58-4ed0-a6f9-ff217df4d849", "lastError": null,
							 "sendAt": null, "expiresAt": null, "priority": "normal", "client": "shop",
							 "delivery": {"status": "delivered", "at": "2026-05-01T12:02:03Z", "errorCode": null}}""")))
	@ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
	@ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
	MessageView find(String id);

	@Operation(summary = "Search messages, newest first, a page at a time",
			description = "Newest first by `createdAt`, then id. Every filter is optional and every one given must"
					+ " hold; `status=failed` is the dead-letter queue, each with its `lastError`. A page is at most"
					+ " `limit` messages; when more follow, the `Link` header names the next page (`rel=\"next\"`):"
					+ " the same query with a `cursor`. Paging starts after the previous page's last message rather"
					+ " than skipping, so a page never repeats or misses a message while others are enqueued. A"
					+ " client key lists only the messages it enqueued: its `client` filter is itself, another"
					+ " client's name lists nothing.",
			parameters = {
					@Parameter(name = "status", in = ParameterIn.QUERY,
							description = "unsent, sending, sent, failed, expired or cancelled", example = "failed"),
					@Parameter(name = "phoneNumber", in = ParameterIn.QUERY,
							description = "E.164, exact; + is written %2B in a query string",
							example = "+905551111111"),
					@Parameter(name = "client", in = ParameterIn.QUERY,
							description = "the client system that enqueued them; a client key's is itself",
							example = "shop"),
					@Parameter(name = "createdFrom", in = ParameterIn.QUERY,
							description = "ISO-8601 instant: created at or after it", example = "2026-05-01T00:00:00Z"),
					@Parameter(name = "createdTo", in = ParameterIn.QUERY,
							description = "ISO-8601 instant: created before it", example = "2026-05-02T00:00:00Z"),
					@Parameter(name = "limit", in = ParameterIn.QUERY, description = "1 to 1000, default 10",
							example = "50"),
					@Parameter(name = "cursor", in = ParameterIn.QUERY,
							description = "where the page starts: taken from the previous page's Link header, unchanged",
							example = "MTc3NzYzNjgwMDAwMDo2NjUwYTFiMmMzZDRlNWY2MDEyMzQ1Njc") })
	@ApiResponse(responseCode = "200", description = "The page; `Link` names the next one when more follow",
			headers = @Header(name = "Link", description = "the next page, when more follow", schema = @Schema(
					type = "string",
					example = "</messages?status=failed&limit=50&cursor=MTc3NzYzNjgwMDAwMDo2NjUwYTFiMmMzZDRlNWY2MDEyMzQ1Njc>; rel=\"next\"")),
			content = @Content(mediaType = "application/json",
					array = @ArraySchema(schema = @Schema(implementation = MessageView.class)),
					examples = @ExampleObject(name = "failed", value = """
							[{"id": "6650a1b2c3d4e5f601234567", "phoneNumber": "+905551111111",
							  "content": "Your code is 1234", "status": "failed", "attempts": 10,
							  "createdAt": "2026-05-01T12:00:00Z", "updatedAt": "2026-05-01T14:00:00Z",
							  "nextAttemptAt": "2026-05-01T13:00:00Z", "sentAt": null, "webhookMessageId": null,
							  "lastError": "gave up after 10 attempts: HTTP 503", "sendAt": null, "expiresAt": null,
							  "priority": "normal", "client": null, "delivery": null}]""")))
	@ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
	ResponseEntity<List<MessageView>> list(String status, String phoneNumber, String client, String createdFrom,
			String createdTo, String limit, String cursor, HttpServletRequest request);

	@Operation(summary = "Requeue one failed message",
			description = "Puts a `failed` message back in the queue, `unsent` and due at once, with its attempts"
					+ " reset. Any other status is a 409. The operator's only: a client key gets a 403.",
			parameters = @Parameter(name = "id", in = ParameterIn.PATH, description = "the message id (24 hex digits)",
					example = "6650a1b2c3d4e5f601234567"))
	@ApiResponse(responseCode = "200", description = "The requeued message",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = MessageView.class),
					examples = @ExampleObject(name = "requeued", value = MESSAGE)))
	@ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
	@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
	@ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
	@ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
	MessageView requeue(String id);

	@Operation(summary = "Requeue failed messages by filter",
			description = "Puts `failed` messages back in the queue, `unsent` and due at once, with their attempts"
					+ " reset: at most 1,000 a call, those that failed first first, and says how many more match"
					+ " (`remaining`): call again with the same parameters for the next ones. Every filter is"
					+ " optional and every one given must hold. Expired and cancelled messages are never requeued,"
					+ " nor failed ones whose `expiresAt` has passed. `dryRun=true` changes nothing and answers"
					+ " how many the call would requeue. Any other parameter, or one given twice, is a 400, so a"
					+ " misspelled filter never requeues more than asked. The operator's only: a client key gets"
					+ " a 403.",
			parameters = {
					@Parameter(name = "status", in = ParameterIn.QUERY, description = "failed (the default)",
							example = "failed"),
					@Parameter(name = "phoneNumber", in = ParameterIn.QUERY,
							description = "E.164, exact; + is written %2B in a query string",
							example = "+905551111111"),
					@Parameter(name = "client", in = ParameterIn.QUERY,
							description = "the client system that enqueued them", example = "shop"),
					@Parameter(name = "failedFrom", in = ParameterIn.QUERY,
							description = "ISO-8601 instant: failed at or after it", example = "2026-05-01T00:00:00Z"),
					@Parameter(name = "failedTo", in = ParameterIn.QUERY,
							description = "ISO-8601 instant: failed before it", example = "2026-05-01T12:00:00Z"),
					@Parameter(name = "errorContains", in = ParameterIn.QUERY,
							description = "1 to 200 characters found in `lastError`, literally and case-sensitively",
							example = "HTTP 503"),
					@Parameter(name = "dryRun", in = ParameterIn.QUERY, description = "true: count, change nothing",
							example = "true") })
	@ApiResponse(responseCode = "200",
			description = "How many were (or in a dry run would be) requeued, and how" + " many more match",
			content = @Content(mediaType = "application/json",
					examples = { @ExampleObject(name = "requeued", value = """
							{"requeued": 1000, "remaining": 245}"""), @ExampleObject(name = "dry run", value = """
							{"wouldRequeue": 12, "remaining": 0}""") }))
	@ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
	@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
	Map<String, Long> requeueAll(@Parameter(hidden = true) MultiValueMap<String, String> parameters,
			@Parameter(hidden = true) HttpServletRequest http);

	@Operation(summary = "Cancel one message",
			description = "An `unsent` message (due, scheduled for later, or waiting in backoff) becomes `cancelled`:"
					+ " final, never POSTed. Any other status is a 409; one being sent cannot be cancelled, since its"
					+ " POST may already have reached the provider, and the body says so. A client key cancels only"
					+ " the messages it enqueued; another client's is a 404.",
			parameters = @Parameter(name = "id", in = ParameterIn.PATH, description = "the message id (24 hex digits)",
					example = "6650a1b2c3d4e5f601234568"))
	@ApiResponse(responseCode = "200", description = "The cancelled message",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = MessageView.class),
					examples = @ExampleObject(name = "cancelled", value = """
							{"id": "6650a1b2c3d4e5f601234568", "phoneNumber": "+905551111111",
							 "content": "Your code is 1234", "status": "cancelled", "attempts": 0,
							 "createdAt": "2026-05-01T12:00:00Z", "updatedAt": "2026-05-01T12:05:00Z",
							 "nextAttemptAt": "2026-05-01T12:30:00Z", "sentAt": null, "webhookMessageId": null,
							 "lastError": "cancelled before it was sent", "sendAt": "2026-05-01T12:30:00Z",
							 "expiresAt": null, "priority": "normal", "client": "shop", "delivery": null}""")))
	@ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
	@ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
	@ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
	MessageView cancel(String id);

	@Operation(summary = "Cancel unsent messages in bulk",
			description = "Cancels every `unsent` message the filter takes, and says how many. `status` is required"
					+ " and must be `unsent`; `phoneNumber` (E.164, exact), `createdBefore` and `createdAfter`"
					+ " (ISO-8601 instants) narrow it. Any other field is a 400, so a misspelled filter never cancels"
					+ " more than asked. The operator's only: a client key gets a 403.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = "application/json",
							examples = @ExampleObject(name = "filter", value = """
									{"status": "unsent", "phoneNumber": "+905551111111",
									 "createdBefore": "2026-05-01T13:00:00Z"}"""))))
	@ApiResponse(responseCode = "200", description = "How many were cancelled",
			content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "cancelled", value = """
					{"cancelled": 3}""")))
	@ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
	@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
	Map<String, Long> cancelAll(Map<String, Object> filter);

	@Operation(summary = "The attempt log of one message",
			description = "Every POST of the message to the provider, oldest first: `attempt` (numbered from 1), `at`,"
					+ " the `instance` and `runId` that sent it, `outcome` (`sent`; `retry` when it was tried again,"
					+ " within the run or later; `failed` when it was given up on after it; `not-sent` when the message"
					+ " was given up on before any POST), `httpStatus` (null when no answer came), `error`,"
					+ " `latencyMs` and `responseExcerpt` (at most 256 characters, phone numbers masked). The last "
					+ Attempt.KEPT_PER_MESSAGE + " entries are kept; the numbers go on. A message never sent has an"
					+ " empty log. Another client's message is a 404.",
			parameters = @Parameter(name = "id", in = ParameterIn.PATH, description = "the message id (24 hex digits)",
					example = "6650a1b2c3d4e5f601234567"))
	@ApiResponse(responseCode = "200", description = "The attempt log, oldest first",
			content = @Content(mediaType = "application/json",
					array = @ArraySchema(schema = @Schema(implementation = AttemptView.class)),
					examples = @ExampleObject(name = "failed twice, then sent", value = """
							[{"attempt": 1, "at": "2026-05-01T12:00:00.120Z", "instance": "host-a-4711-1f2e3d4c",
							  "runId": "9b1c", "outcome": "retry", "httpStatus": 503, "error": "HTTP 503",
							  "latencyMs": 41, "responseExcerpt": "{\"error\":\"busy\"}"},
							 {"attempt": 2, "at": "2026-05-01T12:00:00.410Z", "instance": "host-a-4711-1f2e3d4c",
							  "runId": "9b1c", "outcome": "retry", "httpStatus": null,
							  "error": "timed out: no complete answer within 5000 ms", "latencyMs": 5001,
							  "responseExcerpt": null},
							 {"attempt": 3, "at": "2026-05-01T12:02:00.050Z", "instance": "host-b-815-77aa01bc",
							  "runId": "c0de", "outcome": "sent", "httpStatus": 200, "error": null, "latencyMs": 12,
							  "responseExcerpt": "{\"messageId\":\"p-77\",\"to\":\"+90555*****11\"}"}]""")))
	@ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
	@ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
	List<AttemptView> attempts(String id);

}
