package io.messagedispatch.provider.http;

import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The Standard Webhooks secrets: one signs every POST to the provider, the other checks
 * the delivery reports the provider sends back. Kept apart from
 * {@link io.messagedispatch.provider.WebhookProperties}, whose other settings say where
 * and how to send, because both are optional and only the signatures read them.
 *
 * @param signingSecret {@code whsec_} and the base64 of the key
 * ({@code WEBHOOK_SIGNING_SECRET}); empty sends unsigned; never logged
 * @param reportSecret {@code whsec_} and the base64 of the key the provider signs its
 * delivery reports with ({@code WEBHOOK_REPORT_SECRET}); empty accepts reports that carry
 * the auth key instead; never logged
 */
@Validated
@ConfigurationProperties("messaging.webhook")
public record WebhookSigningProperties(
		@Pattern(regexp = SECRET, message = "must be whsec_ followed by the base64 of the key") String signingSecret,
		@Pattern(regexp = SECRET, message = "must be whsec_ followed by the base64 of the key") String reportSecret) {

	private static final String SECRET = "^$|^whsec_[A-Za-z0-9+/]+={0,2}$";

	boolean hasSigningSecret() {
		return isSet(this.signingSecret);
	}

	/** Whether delivery reports must be signed. */
	public boolean hasReportSecret() {
		return isSet(this.reportSecret);
	}

	private static boolean isSet(String secret) {
		return secret != null && !secret.isEmpty();
	}

	@Override
	public String toString() {
		return "WebhookSigningProperties[signingSecret=" + (hasSigningSecret() ? "******" : "") + ", reportSecret="
				+ (hasReportSecret() ? "******" : "") + "]";
	}

}
