package io.messagedispatch.processor;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

/**
 * How the test messages are described in the OpenAPI document (where they exist: the mock
 * provider on); {@link TestMessageController} implements it.
 */
@Tag(name = "processor")
interface TestMessageApi {

	@Operation(summary = "Whether test messages can be sent here",
			description = "Answers only while messages go to the built-in mock provider (dev); elsewhere the path"
					+ " does not exist (404). The operator's only: a client key gets a 403.")
	@ApiResponse(responseCode = "200", description = "Test messages can be sent",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = TestMessagesOffer.class),
					examples = @ExampleObject(name = "offer", value = """
							{"maxCount": 1000}""")))
	@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
	TestMessagesOffer offer();

	@Operation(summary = "Enqueue test messages for the mock provider and dispatch them at once",
			description = "Enqueues `count` messages (1 to 1000) to fictional numbers (+1 202 555 0100 to 0199),"
					+ " of which `failureRate` (0 to 1, default 0; rounded to whole messages) carry"
					+ " `[mock provider: refuse]`, which the mock provider answers with a 422, so they end"
					+ " `failed`; then this instance starts a drain run in the background (if the processor is"
					+ " running), so the whole flow shows in seconds. Only while messages go to the built-in mock"
					+ " provider (dev): elsewhere a 404. The filter is in the body only: an unknown field, a query"
					+ " parameter or a count that is not a whole number is a 400. The operator's only.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = "application/json",
							schema = @Schema(implementation = TestMessagesRequest.class),
							examples = @ExampleObject(name = "twenty, a fifth failing", value = """
									{"count": 20, "failureRate": 0.2}"""))))
	@ApiResponse(responseCode = "201", description = "Enqueued; a drain run is on its way",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = TestMessagesEnqueued.class),
					examples = @ExampleObject(name = "enqueued", value = """
							{"enqueued": 2, "meantToFail": 1,
							 "ids": ["6650a1b2c3d4e5f601234567", "6650a1b2c3d4e5f601234568"]}""")))
	@ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
	@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
	TestMessagesEnqueued send(byte[] body, HttpServletRequest request);

}
