package io.messagedispatch.provider.mock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.messagedispatch.provider.MockProvider;
import io.messagedispatch.provider.WebhookProperties;
import io.messagedispatch.provider.http.WebhookSigner;
import io.messagedispatch.web.ApiErrors;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Behaves like the real provider: checks the auth header and, when the signing secret is
 * set, the webhook signature, answers {@code 202 {"message":"Accepted","messageId":...}},
 * honours {@code Idempotency-Key} (the same key gets the same messageId), fails or slows
 * down as configured, refuses with a {@code 422} a message marked
 * {@link MockProvider#REFUSE_MARK} (test traffic meant to fail), and reports each message
 * it accepted back to this service ({@link MockReportSender}).
 */
@RestController
@ConditionalOnBooleanProperty("messaging.mock-provider.enabled")
class MockProviderController implements MockProviderApi {

	static final String PATH = "/mock-provider/messages";

	private static final int REMEMBERED_KEYS = 100_000;

	private final MockProviderProperties properties;

	private final WebhookProperties webhook;

	private final WebhookSigner signer;

	private final JsonMapper json;

	private final MockReportSender reports;

	private final Map<String, String> acceptedByKey = Collections
		.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, false) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
				return size() > REMEMBERED_KEYS;
			}
		});

	MockProviderController(MockProviderProperties properties, WebhookProperties webhook, WebhookSigner signer,
			JsonMapper json, MockReportSender reports) {
		this.properties = properties;
		this.webhook = webhook;
		this.signer = signer;
		this.json = json;
		this.reports = reports;
	}

	@PostMapping(PATH)
	public ResponseEntity<Object> receive(@RequestBody byte[] payload, HttpServletRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey)
			throws InterruptedException {
		if (!authorised(request.getHeader(this.webhook.authHeader()))) {
			return error(HttpStatus.UNAUTHORIZED, "missing or wrong " + this.webhook.authHeader() + " header", request);
		}
		Optional<String> badSignature = this.signer.problem(request.getHeader(WebhookSigner.ID),
				request.getHeader(WebhookSigner.TIMESTAMP), request.getHeader(WebhookSigner.SIGNATURE), payload);
		if (badSignature.isPresent()) {
			return error(HttpStatus.UNAUTHORIZED, badSignature.get(), request);
		}
		Map<?, ?> body = parse(payload);
		if (body == null || !(body.get("to") instanceof String to) || to.isBlank()
				|| !(body.get("content") instanceof String)) {
			return error(HttpStatus.BAD_REQUEST, "body must carry \"to\" and \"content\"", request);
		}
		if (((String) body.get("content")).contains(MockProvider.REFUSE_MARK)) {
			return error(HttpStatus.UNPROCESSABLE_CONTENT, "refused: the message asked the mock provider to refuse it",
					request);
		}
		if (!this.properties.latency().isZero()) {
			Thread.sleep(this.properties.latency().toMillis());
		}
		if (this.properties.failureRate() > 0
				&& ThreadLocalRandom.current().nextDouble() < this.properties.failureRate()) {
			return error(HttpStatus.SERVICE_UNAVAILABLE, "simulated provider failure", request);
		}
		String messageId = UUID.randomUUID().toString();
		String acceptedBefore = (idempotencyKey != null) ? this.acceptedByKey.putIfAbsent(idempotencyKey, messageId)
				: null;
		if (acceptedBefore != null) {
			// a retry of a message it has: same id, no second report
			messageId = acceptedBefore;
		}
		else {
			this.reports.accepted(messageId);
		}
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("message", "Accepted", "messageId", messageId));
	}

	private Map<?, ?> parse(byte[] payload) {
		try {
			return this.json.readValue(payload, Map.class);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private boolean authorised(String presented) {
		String expected = this.webhook.authKey();
		if (expected == null || expected.isEmpty()) {
			return true;
		}
		return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
				presented.getBytes(StandardCharsets.UTF_8));
	}

	private static ResponseEntity<Object> error(HttpStatus status, String error, HttpServletRequest request) {
		return ResponseEntity.status(status).body(ApiErrors.problem(status, error, request.getRequestURI()));
	}

}
