package io.messagedispatch.provider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import io.messagedispatch.provider.http.WebhookSignature;
import io.messagedispatch.provider.http.WebhookSigningProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * How a call from the provider to this service (a delivery report) proves that it is the
 * provider's. With {@code messaging.webhook.report-secret} set it must carry a Standard
 * Webhooks signature under that secret, with a timestamp within
 * {@link WebhookSignature#TOLERANCE} of this instance's clock; the auth key alone is not
 * enough then. Without it, but with {@code messaging.webhook.auth-key}, it must carry
 * that key in the auth header, the shared key this service presents to the provider. With
 * neither, no call is the provider's. Keys are compared as SHA-256 digests in constant
 * time; none is ever logged.
 */
@Component
public class ProviderCallbacks {

	private static final Logger log = LoggerFactory.getLogger(ProviderCallbacks.class);

	private static final String SETTING = "messaging.webhook.report-secret (WEBHOOK_REPORT_SECRET)";

	private final WebhookSignature signature;

	private final String authHeader;

	private final String authKey;

	private final byte[] authKeyDigest;

	public ProviderCallbacks(WebhookProperties webhook, WebhookSigningProperties secrets, Clock clock) {
		this.signature = secrets.hasReportSecret() ? WebhookSignature.of(secrets.reportSecret(), SETTING, clock) : null;
		this.authHeader = webhook.authHeader();
		boolean hasKey = webhook.authKey() != null && !webhook.authKey().isEmpty();
		this.authKey = hasKey ? webhook.authKey() : null;
		this.authKeyDigest = hasKey ? digest(webhook.authKey()) : null;
		if (scheme() == Scheme.NONE) {
			log.warn("Neither {} nor messaging.webhook.auth-key (WEBHOOK_AUTH_KEY) is set: every delivery report"
					+ " is refused", SETTING);
		}
	}

	/** How the provider's calls are told apart from anyone else's. */
	public Scheme scheme() {
		if (this.signature != null) {
			return Scheme.SIGNATURE;
		}
		return (this.authKeyDigest != null) ? Scheme.AUTH_KEY : Scheme.NONE;
	}

	/**
	 * Why this request cannot be trusted as the provider's; empty when it can.
	 * @param headers a header of the request by its name, null when it has none
	 * @param body the body exactly as received
	 */
	public Optional<String> refusal(UnaryOperator<String> headers, byte[] body) {
		return switch (scheme()) {
			case SIGNATURE -> this.signature.problem(headers.apply(WebhookSignature.ID),
					headers.apply(WebhookSignature.TIMESTAMP), headers.apply(WebhookSignature.SIGNATURE), body);
			case AUTH_KEY -> {
				String presented = headers.apply(this.authHeader);
				yield (presented != null && MessageDigest.isEqual(this.authKeyDigest, digest(presented)))
						? Optional.empty() : Optional.of("missing or wrong " + this.authHeader + " header");
			}
			case NONE -> Optional.of("delivery reports are not accepted: no report secret or auth key is set");
		};
	}

	/**
	 * The headers with which a call carrying this body is the provider's, as the built-in
	 * mock provider sends its reports: signed under a fresh {@code webhook-id}, or the
	 * auth key; none when neither is set.
	 */
	public Map<String, String> headers(byte[] body) {
		return switch (scheme()) {
			case SIGNATURE -> this.signature.headers("msg_" + UUID.randomUUID(), body);
			case AUTH_KEY -> Map.of(this.authHeader, this.authKey);
			case NONE -> Map.of();
		};
	}

	private static byte[] digest(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	/** How the provider's calls are authenticated. */
	public enum Scheme {

		/** A Standard Webhooks signature under the report secret. */
		SIGNATURE,
		/** The auth key in the auth header. */
		AUTH_KEY,
		/** Nothing is set: every call is refused. */
		NONE

	}

}
