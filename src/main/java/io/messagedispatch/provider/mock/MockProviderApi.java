package io.messagedispatch.provider.mock;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;

/**
 * How the built-in mock provider is described in the OpenAPI document;
 * {@link MockProviderController} implements it. It documents what the real provider is
 * sent, signature headers included.
 */
@Tag(name = "mock provider",
		description = "A stand-in for the SMS provider (dev only: messaging.mock-provider.enabled)")
interface MockProviderApi {

	@Operation(summary = "Receive a message as the provider would",
			description = "Checks the auth header and, when messaging.webhook.signing-secret is set, the Standard"
					+ " Webhooks signature (`webhook-id`, `webhook-timestamp` within 5 minutes, `webhook-signature`)."
					+ " The same Idempotency-Key gets the same messageId.",
			parameters = {
					@Parameter(name = "x-ins-auth-key", in = ParameterIn.HEADER,
							description = "the auth key (messaging.webhook.auth-header names the header)",
							example = "dev-auth-key"),
					@Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, description = "the message id",
							example = "6650a1b2c3d4e5f601234567"),
					@Parameter(name = "webhook-id", in = ParameterIn.HEADER, example = "6650a1b2c3d4e5f601234567"),
					@Parameter(name = "webhook-timestamp", in = ParameterIn.HEADER, example = "1777636800"),
					@Parameter(name = "webhook-signature", in = ParameterIn.HEADER,
							example = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=") },
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = "application/json",
							examples = @ExampleObject(name = "message", value = """
									{"to": "+905551111111", "content": "Your code is 1234"}"""))))
	@ApiResponse(responseCode = "202", description = "Accepted",
			content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "accepted", value = """
					{"message": "Accepted", "messageId": "67f2f8a8-ea58-4ed0-a6f9-ff217df4d849"}""")))
	@ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
	@ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
	@ApiResponse(responseCode = "422",
			description = "A message whose content holds `[mock provider: refuse]`"
					+ " (test messages meant to fail), refused for good",
			content = @Content(mediaType = "application/problem+json",
					examples = @ExampleObject(name = "refused", value = """
							{"type": "about:blank", "title": "Unprocessable Content", "status": 422,
							 "detail": "refused: the message asked the mock provider to refuse it",
							 "instance": "/mock-provider/messages",
							 "error": "refused: the message asked the mock provider to refuse it"}""")))
	@ApiResponse(responseCode = "503", description = "A simulated failure (messaging.mock-provider.failure-rate)",
			content = @Content(mediaType = "application/problem+json",
					examples = @ExampleObject(name = "unavailable", value = """
							{"type": "about:blank", "title": "Service Unavailable", "status": 503,
							 "detail": "simulated provider failure", "instance": "/mock-provider/messages",
							 "error": "simulated provider failure"}""")))
	ResponseEntity<Object> receive(byte[] payload, HttpServletRequest request, String idempotencyKey)
			throws InterruptedException;

}
