package io.messagedispatch.provider.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Signs webhook requests the way the Standard Webhooks specification says, so that the
 * provider can tell they come from this service and were not changed or replayed:
 * {@code webhook-id} (the message id, the same on every attempt),
 * {@code webhook-timestamp} (unix seconds) and {@code webhook-signature} ({@code v1,} and
 * the base64 HMAC-SHA256 of {@code id.timestamp.body} under the signing secret). It also
 * checks such signatures, for the built-in mock provider. The signing itself is
 * {@link WebhookSignature}'s.
 */
@Component
public class WebhookSigner {

	public static final String ID = WebhookSignature.ID;

	public static final String TIMESTAMP = WebhookSignature.TIMESTAMP;

	public static final String SIGNATURE = WebhookSignature.SIGNATURE;

	/**
	 * How far a signed timestamp may be from now, either way, before a check refuses it
	 * as a replay.
	 */
	public static final Duration TOLERANCE = WebhookSignature.TOLERANCE;

	private static final String SETTING = "messaging.webhook.signing-secret (WEBHOOK_SIGNING_SECRET)";

	private final WebhookSignature signature;

	public WebhookSigner(WebhookSigningProperties properties, Clock clock) {
		this.signature = properties.hasSigningSecret() ? WebhookSignature.of(properties.signingSecret(), SETTING, clock)
				: null;
	}

	/** Whether a secret is set, so that requests are signed and signatures checked. */
	public boolean isEnabled() {
		return this.signature != null;
	}

	/**
	 * The headers that sign one request with this exact body; none when no secret is set.
	 */
	public Map<String, String> headers(String id, byte[] body) {
		return (this.signature != null) ? this.signature.headers(id, body) : Map.of();
	}

	/**
	 * Why a received request's signature cannot be trusted, or empty when it can (or when
	 * no secret is set). The signature header may list several space-separated signatures
	 * (during a secret rotation); one that matches is enough.
	 */
	public Optional<String> problem(String id, String timestamp, String signatures, byte[] body) {
		return (this.signature != null) ? this.signature.problem(id, timestamp, signatures, body) : Optional.empty();
	}

}
