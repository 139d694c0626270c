package io.messagedispatch.provider;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach the provider's webhook.
 *
 * @param url the endpoint messages are POSTed to ({@code WEBHOOK_URL}); empty means the
 * built-in mock provider
 * @param authHeader the header carrying the auth key
 * @param authKey the auth key ({@code WEBHOOK_AUTH_KEY}); never logged
 * @param connectTimeout how long to wait for a connection
 * @param responseTimeout the deadline of the whole exchange: connecting, sending, and
 * reading the status, headers and body
 * @param retry how often a transient failure is retried within one run
 * @param circuit when to stop sending to a provider that fails every request
 * @param pauseOnStatus answers that mean the provider refuses the service itself
 * (credentials or setup): the circuit opens and the message waits without using up an
 * attempt
 */
@Validated
@ConfigurationProperties("messaging.webhook")
public record WebhookProperties(
		@Pattern(regexp = "^$|^https?://[^\\s/?#]+[^\\s]*$", message = "must be an absolute http(s) URL") String url,
		@DefaultValue("x-ins-auth-key") @NotBlank String authHeader, String authKey,
		@DefaultValue("2s") @NotNull @DurationMin(millis = 1) Duration connectTimeout,
		@DefaultValue("10s") @NotNull @DurationMin(millis = 1) Duration responseTimeout,
		@DefaultValue @Valid Retry retry, @DefaultValue @Valid Circuit circuit, @DefaultValue( {
				"401", "403", "407" }) @NotNull List<@NotNull @Min(100) @Max(599) Integer> pauseOnStatus){

	public boolean hasUrl() {
		return this.url != null && !this.url.isBlank();
	}

	@Override
	public String toString() {
		return "WebhookProperties[url=" + this.url + ", authHeader=" + this.authHeader + ", authKey="
				+ (this.authKey == null || this.authKey.isEmpty() ? "" : "******") + ", connectTimeout="
				+ this.connectTimeout + ", responseTimeout=" + this.responseTimeout + ", retry=" + this.retry
				+ ", circuit=" + this.circuit + ", pauseOnStatus=" + this.pauseOnStatus + "]";
	}

	/**
	 * The circuit breaker in front of the provider.
	 *
	 * @param failureThreshold transient failures in a row that open the circuit
	 * @param openDuration how long an open circuit pauses sending before it probes the
	 * provider again
	 */
	public record Circuit(@DefaultValue("20") @Min(1) int failureThreshold,
			@DefaultValue("30s") @NotNull Duration openDuration) {
	}

	/**
	 * In-run retries of a transient failure, with exponential backoff.
	 *
	 * @param maxRetries retries after the first POST (so at most {@code maxRetries + 1}
	 * POSTs per run)
	 * @param delay the first backoff delay
	 * @param multiplier how much each delay grows
	 * @param maxDelay the longest single delay
	 */
	public record Retry(@DefaultValue("2") @Min(0) @Max(10) int maxRetries, @DefaultValue("200ms") Duration delay,
			@DefaultValue("2.0") @DecimalMin("1.0") double multiplier, @DefaultValue("2s") Duration maxDelay) {
	}

}
