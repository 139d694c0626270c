package io.messagedispatch.processor;

import java.util.List;
import java.util.Map;

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
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;

/**
 * How the operators' API is described in the OpenAPI document;
 * {@link ProcessorController} implements it.
 */
@Tag(name = "processor", description = "Start and stop dispatch for the whole cluster, watch it, list what was sent")
interface ProcessorApi {

	@Operation(summary = "Start the message processor",
			description = "Cluster-wide and kept in MongoDB, so every instance obeys and it survives restarts."
					+ " Repeating it is harmless. The operator's only: a client key gets a 403.")
	@ApiResponse(responseCode = "200", description = "Started",
			content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "started", value = """
					{"message": "message processor started"}""")))
	@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
	Map<String, String> start();

	@Operation(summary = "Stop the message processor",
			description = "Cluster-wide. The run in flight finishes its current chunk; nothing is left `sending`."
					+ " Repeating it is harmless.")
	@ApiResponse(responseCode = "200", description = "Stopped",
			content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "stopped", value = """
					{"message": "message processor stopped"}""")))
	@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
	Map<String, String> stop();

	@Operation(summary = "Processor status",
			description = "Whether it runs, the settings in force (with the derived claim lease and lock duration),"
					+ " when this instance's next run is due, the cluster's last five runs, the messages in each"
					+ " status, the unsent ones by whether they may go now (`queue`: `due`, `scheduled` for a"
					+ " `sendAt` ahead or a backoff, and `oldestDueAge`, how long ago the oldest due message was"
					+ " created, null when none is due), the sent messages by the provider's delivery reports (`delivery`: delivered,"
					+ " undelivered, failed, awaiting a report, and `deliveredShare`, delivered out of those with a"
					+ " report, null while none has one), and the retention in force: how long settled messages"
					+ " (`settled`, null when they are kept forever), idempotency keys, unmatched delivery reports and"
					+ " the throughput counters are kept, and whether MongoDB's TTL indexes (`TTL_INDEX`) or the sweep alone (`SWEEP`, the"
					+ " embedded store) delete them. A count of the messages that takes longer than 5 seconds"
					+ " leaves its part (`messages`, `queue`, `delivery`) null. The operator's only: a client key"
					+ " gets a 403.")
	@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
	@ApiResponse(responseCode = "200", description = "The status", content = @Content(mediaType = "application/json",
			schema = @Schema(implementation = ProcessorStatus.class),
			examples = @ExampleObject(name = "running", value = """
					{"running": true,
					 "settings": {"interval": "PT2M", "initialDelay": "PT0S", "batchSize": 2, "chunkSize": 2,
					              "sendConcurrency": 4, "maxRunDuration": "PT10M", "lease": "PT1M6.2S",
					              "lockLease": "PT30S", "shutdownTimeout": "PT35.6S", "clockSkew": "PT30S"},
					 "nextRunAt": "2026-05-01T12:04:00Z",
					 "providerCircuit": "CLOSED", "providerCircuitReason": null,
					 "lastRuns": [{"runId": "0b6c1f8e-8d0b-4e8f-9a57-0e4fd1b1e2a1",
					               "instance": "host-1-4242-1a2b3c4d", "mode": "SCHEDULED", "outcome": "COMPLETED",
					               "startedAt": "2026-05-01T12:02:00Z", "endedAt": "2026-05-01T12:02:00.130Z",
					               "claimed": 2, "sent": 2, "retried": 0, "failed": 0, "error": null}],
					 "messages": {"unsent": 1, "sending": 0, "sent": 2, "failed": 0, "expired": 0, "cancelled": 0},
					 "queue": {"due": 1, "scheduled": 0, "oldestDueAge": "PT12.5S"},
					 "delivery": {"delivered": 1, "undelivered": 0, "failed": 0, "awaitingReport": 1,
					              "deliveredShare": 1.0},
					 "retention": {"settled": "PT720H", "idempotencyKeys": "PT24H",
					               "unmatchedDeliveryReports": "PT168H", "throughputCounters": "PT24H",
					               "deletedBy": "TTL_INDEX", "sweepInterval": "PT1M"}}""")))
	ProcessorStatus status();

	@Operation(summary = "Sent messages, newest first",
			description = "In the shape the clients of the replaced service read, most recently sent first (then by"
					+ " id). When more follow, the `Link` header names the next page (`rel=\"next\"`): the same"
					+ " query with a `cursor`; paging never repeats or misses a message while others are sent. A"
					+ " client key lists only the messages it enqueued. None sent yet is a 404; a page after the"
					+ " last (a cursor whose messages were deleted since) is an empty list.",
			parameters = {
					@Parameter(name = "limit", in = ParameterIn.QUERY,
							description = "how many, 1 to 1000; anything else is a 400 `invalid limit parameter`",
							schema = @Schema(type = "integer", defaultValue = "10", minimum = "1", maximum = "1000"),
							example = "20"),
					@Parameter(name = "cursor", in = ParameterIn.QUERY,
							description = "where the page starts: taken from the previous page's Link header, unchanged",
							example = "MTc3NzYzNjkyMDEyMDo2NjUwYTFiMmMzZDRlNWY2MDEyMzQ1Njc") })
	@ApiResponse(responseCode = "200", description = "The newest sent messages; `Link` names the next page",
			headers = @Header(name = "Link", description = "the next page, when more follow", schema = @Schema(
					type = "string",
					example = "</processor/sent-messages?limit=20&cursor=MTc3NzYzNjkyMDEyMDo2NjUwYTFiMmMzZDRlNWY2MDEyMzQ1Njc>; rel=\"next\"")),
			content = @Content(mediaType = "application/json",
					array = @ArraySchema(schema = @Schema(implementation = SentMessage.class)),
					examples = @ExampleObject(name = "sent",
							value = """
									[{"id": "6650a1b2c3d4e5f601234567",
									  "webhookMessageId": "67f2f8a8-ea58-4ed0-a6f9-ff217df4d849", "phoneNumber": "+905551111111", "content": "Your code is 1234", "status": "sent",
									  "sentAt": "2026-05-01T12:02:00.120Z"}]""")))
	@ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
	@ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
	ResponseEntity<List<SentMessage>> sentMessages(String limit, String cursor, HttpServletRequest request);

}
