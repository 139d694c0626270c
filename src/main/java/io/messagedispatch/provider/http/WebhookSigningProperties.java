package io.messagedispatch.provider.http;

import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The secret that signs every POST to the provider (Standard Webhooks). Kept apart from
 * {@link WebhookProperties}, whose other settings say where and how to send, because it
 * is optional and only the signer reads it.
 *
 * @param signingSecret {@code whsec_} and the base64 of the key
 * ({@code WEBHOOK_SIGNING_SECRET}); empty sends unsigned; never logged
 */
@Validated
@ConfigurationProperties("messaging.webhook")
public record WebhookSigningProperties(@Pattern(regexp = "^$|^whsec_[A-Za-z0-9+/]+={0,2}$",
		message = "must be whsec_ followed by the base64 of the key") String signingSecret) {

	boolean hasSigningSecret() {
		return this.signingSecret != null && !this.signingSecret.isEmpty();
	}

	@Override
	public String toString() {
		return "WebhookSigningProperties[signingSecret=" + (hasSigningSecret() ? "******" : "") + "]";
	}

}
