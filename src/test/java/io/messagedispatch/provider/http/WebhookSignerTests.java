package io.messagedispatch.provider.http;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.messagedispatch.settings.InvalidSettingException;
import io.messagedispatch.support.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * Signatures as the Standard Webhooks specification defines them, checked against its
 * published test vector.
 */
class WebhookSignerTests {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";

	private static final long TIMESTAMP = 1614265330;

	private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

	private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

	private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(TIMESTAMP));

	private final WebhookSigner signer = new WebhookSigner(new WebhookSigningProperties(SECRET, ""), this.clock);

	@Test
	void signsTheSpecificationsTestVector() {
		assertThat(this.signer.headers(ID, BODY)).containsExactly(entry("webhook-id", ID),
				entry("webhook-timestamp", "1614265330"), entry("webhook-signature", SIGNATURE));
	}

	@Test
	void acceptsTheSpecificationsTestVector() {
		assertThat(this.signer.problem(ID, "1614265330", SIGNATURE, BODY)).isEmpty();
	}

	@Test
	void acceptsWhenOneOfSeveralSignaturesMatches() {
		assertThat(this.signer.problem(ID, "1614265330", "v1,bm90IGl0 " + SIGNATURE, BODY)).isEmpty();
	}

	@Test
	void refusesAChangedBodyIdOrTimestamp() {
		byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);

		assertThat(this.signer.problem(ID, "1614265330", SIGNATURE, tampered))
			.hasValue("webhook-signature does not match");
		assertThat(this.signer.problem("msg_other", "1614265330", SIGNATURE, BODY)).isPresent();
		assertThat(this.signer.problem(ID, "1614265331", SIGNATURE, BODY)).isPresent();
		assertThat(this.signer.problem(ID, "1614265330", "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", BODY))
			.isPresent();
	}

	@Test
	void refusesMissingHeaders() {
		assertThat(this.signer.problem(null, "1614265330", SIGNATURE, BODY)).get()
			.asString()
			.startsWith("missing webhook-id");
		assertThat(this.signer.problem(ID, null, SIGNATURE, BODY)).isPresent();
		assertThat(this.signer.problem(ID, "1614265330", null, BODY)).isPresent();
		assertThat(this.signer.problem(ID, "yesterday", SIGNATURE, BODY))
			.hasValue("webhook-timestamp is not unix seconds");
		assertThat(this.signer.problem(ID, "99999999999999999", SIGNATURE, BODY))
			.hasValue("webhook-timestamp is not unix seconds");
	}

	@Test
	void toleratesFiveMinutesOfClockDifferenceEitherWay() {
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.signer.problem(ID, "1614265330", SIGNATURE, BODY)).isEmpty();

		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.signer.problem(ID, "1614265330", SIGNATURE, BODY)).get()
			.asString()
			.contains("more than 5 minutes");

		WebhookSigner behind = new WebhookSigner(new WebhookSigningProperties(SECRET, ""),
				Clock.fixed(Instant.ofEpochSecond(TIMESTAMP).minusSeconds(301), ZoneOffset.UTC));
		assertThat(behind.problem(ID, "1614265330", SIGNATURE, BODY)).isPresent();
	}

	@Test
	void withoutASecretSignsNothingAndChecksNothing() {
		WebhookSigner off = new WebhookSigner(new WebhookSigningProperties("", ""), this.clock);

		assertThat(off.isEnabled()).isFalse();
		assertThat(off.headers(ID, BODY)).isEmpty();
		assertThat(off.problem(null, null, null, BODY)).isEmpty();
	}

	@Test
	void refusesSecretsThatAreNotAStandardWebhooksKey() {
		assertThatThrownBy(() -> new WebhookSigner(new WebhookSigningProperties("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", ""),
				this.clock))
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageContaining("messaging.webhook.signing-secret (WEBHOOK_SIGNING_SECRET)")
			.hasMessageContaining("whsec_");
		assertThatThrownBy(() -> new WebhookSigner(new WebhookSigningProperties("whsec_c2hvcnQ=", ""), this.clock))
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageContaining("24 to 64 bytes");
	}

	@Test
	void neverShowsTheSecret() {
		assertThat(new WebhookSigningProperties(SECRET, "").toString())
			.doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
	}

}
