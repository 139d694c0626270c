package io.messagedispatch.delivery.web;

import io.messagedispatch.delivery.ReportsReceived;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

/**
 * How the delivery report endpoint is described in the OpenAPI document;
 * {@link DeliveryReportController} implements it.
 */
@Tag(name = "delivery reports", description = "What the provider reports back of each sent message's delivery")
interface DeliveryReportApi {

	@Operation(summary = "Receive the provider's delivery reports",
			description = "Called by the provider, not by clients: one report or a JSON array of 1 to 1,000. Each names"
					+ " the provider's `messageId` (the message's `webhookMessageId`), a `status` (delivered,"
					+ " undelivered or failed), the instant `at` which it happened (at most 5 minutes ahead of this"
					+ " service's clock) and, optionally, an `errorCode`. The message gains `delivery`; its `status`"
					+ " stays `sent`. A repeated report changes nothing, and a report about an earlier time never"
					+ " replaces one about a later time. A report for an id no message has yet is kept and recorded"
					+ " when the message's send is, or forgotten after messaging.delivery-reports.unmatched-retention."
					+ " Authentication: with messaging.webhook.report-secret set, a Standard Webhooks signature under"
					+ " it (`webhook-timestamp` within 5 minutes of this service's clock); otherwise the auth key in"
					+ " the auth header (messaging.webhook.auth-header). Anything else, bearer tokens included, is a"
					+ " 401. A query parameter, an unknown field or a value of the wrong form is a 400, and then no"
					+ " report of the call is taken.",
			parameters = {
					@Parameter(name = "webhook-id", in = ParameterIn.HEADER,
							description = "with a report secret: the id of this call",
							example = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"),
					@Parameter(name = "webhook-timestamp", in = ParameterIn.HEADER,
							description = "with a report secret: when it was signed, in unix seconds",
							example = "1777636803"),
					@Parameter(name = "webhook-signature", in = ParameterIn.HEADER,
							description = "with a report secret: v1, and the base64 HMAC-SHA256 of id.timestamp.body",
							example = "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4="),
					@Parameter(name = "x-ins-auth-key", in = ParameterIn.HEADER,
							description = "without a report secret: the auth key (messaging.webhook.auth-header names"
									+ " the header)",
							example = "dev-auth-key") },
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
					mediaType = "application/json", examples = { @ExampleObject(name = "one report", value = """
							{"messageId": "67f2f8a8-ea58-4ed0-a6f9-ff217df4d849", "status": "delivered",
							 "at": "2026-05-01T12:00:03Z"}"""), @ExampleObject(name = "several reports", value = """
							[{"messageId": "67f2f8a8-ea58-4ed0-a6f9-ff217df4d849", "status": "delivered",
							  "at": "2026-05-01T12:00:03Z"},
							 {"messageId": "0b6e1f3c-5d2a-4c8e-9f7b-3a1d2e4f5a6b", "status": "undelivered",
							  "at": "2026-05-01T12:00:04Z", "errorCode": "absent-subscriber"}]""") })))
	@ApiResponse(responseCode = "200", description = "Taken; what became of the reports",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = ReportsReceived.class),
					examples = @ExampleObject(name = "taken", value = """
							{"received": 2, "applied": 1, "unchanged": 0, "pending": 1}""")))
	@ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
	@ApiResponse(responseCode = "401", description = "Not the provider: no valid signature, or no auth key",
			content = @Content(mediaType = "application/problem+json",
					examples = @ExampleObject(name = "unauthorized", value = """
							{"type": "about:blank", "title": "Unauthorized", "status": 401,
							 "detail": "webhook-signature does not match", "instance": "/provider/delivery-reports",
							 "error": "webhook-signature does not match"}""")))
	@ApiResponse(responseCode = "413", ref = "#/components/responses/ContentTooLarge")
	ReportsReceived receive(byte[] body, HttpServletRequest request);

}
