package io.messagedispatch.receipt;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * How the receipt endpoint is described in the OpenAPI document;
 * {@link ReceiptController} implements it.
 */
@Tag(name = "messages")
interface ReceiptApi {

	@Operation(summary = "The receipt of a sent message",
			description = "From Redis (`message:<id>`) when cached, else from MongoDB, refilling the cache. A client"
					+ " key reads receipts of the messages it enqueued only, from MongoDB, where the client is"
					+ " recorded; another client's message is a 404.",
			parameters = @Parameter(name = "id", in = ParameterIn.PATH, description = "the message id (24 hex digits)",
					example = "6650a1b2c3d4e5f601234567"))
	@ApiResponse(responseCode = "200", description = "The provider's id for the message and when it was sent",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = Receipt.class),
					examples = @ExampleObject(name = "receipt", value = """
							{"messageId": "67f2f8a8-ea58-4ed0-a6f9-ff217df4d849",
							 "sentAt": "2026-05-01T12:02:00.120Z"}""")))
	@ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
	@ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
	@ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
	Receipt receipt(String id);

}
