package io.messagedispatch.settings;

import io.messagedispatch.MessageDispatchApplication;
import io.messagedispatch.support.LogFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A wrong setting stops the start with one line naming the setting and the reason.
 */
class StartupSettingsTests {

	private final InvalidSettingFailureAnalyzer analyzer = new InvalidSettingFailureAnalyzer();

	@AfterEach
	void restoreLogFormat() {
		LogFormat.forgetStructuredFormat();
	}

	@Test
	void nonPositiveMessageLengthIsNamed() {
		assertThat(failureOf("--messaging.message.max-length=0"))
			.isEqualTo("Invalid setting messaging.message.max-length=0: must be greater than or equal to 1");
	}

	@Test
	void malformedWebhookUrlIsNamed() {
		assertThat(failureOf("--messaging.webhook.url=not a url"))
			.isEqualTo("Invalid setting messaging.webhook.url=not a url: must be an absolute http(s) URL");
	}

	@Test
	void malformedDurationIsNamed() {
		assertThat(failureOf("--messaging.webhook.connect-timeout=soon"))
			.startsWith("Invalid setting messaging.webhook.connect-timeout=soon:");
	}

	@Test
	void pauseStatusThatIsNoHttpStatusIsNamed() {
		assertThat(failureOf("--messaging.webhook.pause-on-status=401,42"))
			.isEqualTo("Invalid setting messaging.webhook.pause-on-status[1]=42: must be greater than or equal to 100");
		assertThat(failureOf("--messaging.webhook.pause-on-status=600"))
			.isEqualTo("Invalid setting messaging.webhook.pause-on-status[0]=600: must be less than or equal to 599");
	}

	@Test
	void prodRefusesToStartOnEmbeddedStores() {
		assertThat(failureOf("--APP_ENV=prod", "--messaging.store.redis-url=redis://127.0.0.1:6379",
				"--messaging.webhook.url=http://127.0.0.1:9/messages", "--messaging.store.mongodb-uri=",
				"--messaging.security.operator-token=0123456789abcdef"))
			.isEqualTo("Invalid setting messaging.store.mongodb-uri (MONGODB_URI): is required because embedded"
					+ " stores are not allowed in this environment (APP_ENV)");
	}

	@Test
	void prodRefusesToStartWithoutAnOperatorToken() {
		assertThat(failureOf("--APP_ENV=prod", "--messaging.store.embedded-allowed=true",
				"--messaging.webhook.url=http://127.0.0.1:9/messages", "--messaging.security.operator-token="))
			.startsWith("Invalid setting messaging.security.operator-token (OPERATOR_TOKEN): is required in this"
					+ " environment (APP_ENV)");
	}

	@Test
	void guessableOperatorTokenIsNamed() {
		assertThat(failureOf("--messaging.security.operator-token=short"))
			.isEqualTo("Invalid setting messaging.security.operator-token (OPERATOR_TOKEN): must be at least 16"
					+ " characters, so that it cannot be guessed");
	}

	@Test
	void malformedSigningSecretIsNamed() {
		assertThat(failureOf("--messaging.webhook.signing-secret=not a secret"))
			.isEqualTo("Invalid setting messaging.webhook.signing-secret=not a secret: must be whsec_ followed by"
					+ " the base64 of the key");
		assertThat(failureOf("--messaging.webhook.signing-secret=whsec_c2hvcnQ="))
			.startsWith("Invalid setting messaging.webhook.signing-secret (WEBHOOK_SIGNING_SECRET): must hold a key");
	}

	@Test
	void malformedRedisUrlIsNamed() {
		assertThat(failureOf("--messaging.store.redis-url=http://example"))
			.startsWith("Invalid setting messaging.store.redis-url (REDIS_URL): is not a Redis URL");
	}

	private String failureOf(String... args) {
		String[] all = new String[args.length + 1];
		all[0] = "--server.port=0";
		System.arraycopy(args, 0, all, 1, args.length);
		Throwable failure = catchThrowable(() -> SpringApplication.run(MessageDispatchApplication.class, all).close());
		assertThat(failure).as("the start should fail").isNotNull();
		FailureAnalysis analysis = this.analyzer.analyze(failure);
		assertThat(analysis).as("a wrong setting is analysed").isNotNull();
		return analysis.getDescription();
	}

}
