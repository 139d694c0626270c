package io.messagedispatch.provider;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.messagedispatch.provider.http.WebhookSignature;
import io.messagedispatch.provider.http.WebhookSigningProperties;
import io.messagedispatch.settings.InvalidSettingException;
import io.messagedispatch.support.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How the provider's own calls are told apart from anyone else's: a signature under the
 * report secret when one is set (the auth key alone is not enough then), the auth key
 * when only that is set, nothing at all when neither is; and the headers the mock
 * provider signs its reports with pass the same check.
 */
class ProviderCallbacksTests {

	private static final String REPORT_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final byte[] BODY = "{\"messageId\":\"p-1\",\"status\":\"delivered\",\"at\":\"2026-05-01T12:00:00Z\"}"
		.getBytes(StandardCharsets.UTF_8);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T12:00:05Z"));

	@Test
	void withAReportSecretOnlyASignatureUnderItIsTheProvidersAndTheAuthKeyAloneIsNot() {
		ProviderCallbacks callbacks = callbacks("provider-key", REPORT_SECRET);
		Map<String, String> signed = callbacks.headers(BODY);

		assertThat(callbacks.scheme()).isEqualTo(ProviderCallbacks.Scheme.SIGNATURE);
		assertThat(signed).containsOnlyKeys(WebhookSignature.ID, WebhookSignature.TIMESTAMP,
				WebhookSignature.SIGNATURE);
		assertThat(callbacks.refusal(signed::get, BODY)).isEmpty();
		assertThat(callbacks.refusal(Map.of("x-ins-auth-key", "provider-key")::get, BODY))
			.hasValue("missing webhook-id, webhook-timestamp or webhook-signature header");
		assertThat(callbacks.refusal(signed::get, "{\"status\":\"failed\"}".getBytes(StandardCharsets.UTF_8)))
			.hasValue("webhook-signature does not match");
		assertThat(callbacks("provider-key", "whsec_c2VjcmV0LW9mLWFub3RoZXItcHJvdmlkZXIh").refusal(signed::get, BODY))
			.hasValue("webhook-signature does not match");
	}

	@Test
	void aSignatureOlderOrNewerThanFiveMinutesIsRefused() {
		ProviderCallbacks callbacks = callbacks(null, REPORT_SECRET);
		Map<String, String> signed = new HashMap<>(callbacks.headers(BODY));

		this.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
		assertThat(callbacks.refusal(signed::get, BODY)).get()
			.asString()
			.isEqualTo("webhook-timestamp is more than 5 minutes from now");

		this.clock.advance(Duration.ofMinutes(-10).minusSeconds(2));
		assertThat(callbacks.refusal(signed::get, BODY)).isPresent();
	}

	@Test
	void withoutAReportSecretTheAuthKeyInTheAuthHeaderIsTheProviders() {
		ProviderCallbacks callbacks = callbacks("provider-key", "");

		assertThat(callbacks.scheme()).isEqualTo(ProviderCallbacks.Scheme.AUTH_KEY);
		assertThat(callbacks.headers(BODY)).isEqualTo(Map.of("x-ins-auth-key", "provider-key"));
		assertThat(callbacks.refusal(Map.of("x-ins-auth-key", "provider-key")::get, BODY)).isEmpty();
		for (String wrong : List.of("provider-key ", "provider-ke", "", "Bearer provider-key")) {
			assertThat(callbacks.refusal(Map.of("x-ins-auth-key", wrong)::get, BODY)).as(wrong)
				.hasValue("missing or wrong x-ins-auth-key header");
		}
		assertThat(callbacks.refusal(Map.of("authorization", "Bearer provider-key")::get, BODY))
			.hasValue("missing or wrong x-ins-auth-key header");
	}

	@Test
	void withNeitherNoCallIsTheProviders() {
		ProviderCallbacks callbacks = callbacks(null, "");

		assertThat(callbacks.scheme()).isEqualTo(ProviderCallbacks.Scheme.NONE);
		assertThat(callbacks.headers(BODY)).isEmpty();
		assertThat(callbacks.refusal(Map.of("x-ins-auth-key", "")::get, BODY))
			.hasValue("delivery reports are not accepted: no report secret or auth key is set");
	}

	@Test
	void aMalformedReportSecretStopsTheStartNamingItsSettingNotItsValue() {
		assertThatThrownBy(() -> callbacks("k", "whsec_c2hvcnQ=")).isInstanceOf(InvalidSettingException.class)
			.hasMessageContaining("messaging.webhook.report-secret (WEBHOOK_REPORT_SECRET)")
			.hasMessageContaining("24 to 64 bytes")
			.hasMessageNotContaining("c2hvcnQ");
	}

	@Test
	void theReportSecretIsNeverShown() {
		assertThat(new WebhookSigningProperties("", REPORT_SECRET).toString())
			.doesNotContain(REPORT_SECRET.substring("whsec_".length()))
			.contains("reportSecret=******");
	}

	private ProviderCallbacks callbacks(String authKey, String reportSecret) {
		WebhookProperties webhook = new WebhookProperties("", "x-ins-auth-key", authKey, Duration.ofSeconds(2),
				Duration.ofSeconds(10),
				new WebhookProperties.Retry(2, Duration.ofMillis(200), 2.0, Duration.ofSeconds(2)),
				new WebhookProperties.Circuit(20, Duration.ofSeconds(30)), List.of(401, 403, 407));
		return new ProviderCallbacks(webhook, new WebhookSigningProperties("", reportSecret), this.clock);
	}

}
