package io.messagedispatch.settings;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.Stream;

import io.messagedispatch.MessageDispatchApplication;
import io.messagedispatch.support.LogFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A wrong setting stops the start with one line naming the setting and the reason, and
 * never with a password.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupSettingsTests {

	private static final String PASSWORD = "s3cr3t-pw";

	private static final String OPERATOR_TOKEN = "operator-token-4f1d2c3b";

	private static final String CLIENT_KEY = "client-key-9a8b7c6d5e";

	private static final String OTHER_CLIENT_KEY = "client-key-0f1e2d3c4b";

	private static final String SHORT_CLIENT_KEY = "k3y-0f1e2d";

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
	void retentionThatIsNeitherZeroNorAtLeastASecondIsNamed() {
		assertThat(failureOf("--messaging.retention.settled=-1d"))
			.isEqualTo("Invalid setting messaging.retention.settled=PT-24H: must be longer than or equal to 0");
		assertThat(failureOf("--messaging.retention.settled=500ms")).isEqualTo(
				"Invalid setting messaging.retention.settled: must be 0 (keep settled messages forever) or at least 1s");
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

	@ParameterizedTest(name = "{0}")
	@MethodSource("wrongClientKeys")
	void wrongClientKeysAreNamedWithoutTheKeys(String clientKeys, String reason, CapturedOutput output) {
		Throwable failure = startFailure("--messaging.security.operator-token=" + OPERATOR_TOKEN,
				"--messaging.security.client-keys=" + clientKeys);

		assertThat(analysed(failure))
			.isEqualTo("Invalid setting messaging.security.client-keys (CLIENT_KEYS): " + reason);
		for (String secret : List.of(CLIENT_KEY, OTHER_CLIENT_KEY, SHORT_CLIENT_KEY, OPERATOR_TOKEN)) {
			assertNowhere(secret, failure, output);
		}
	}

	static Stream<Arguments> wrongClientKeys() {
		String tooShort = "the key of entry 2 must be at least 16 characters, so that it cannot be guessed";
		return Stream.of(Arguments.of("shop:" + CLIENT_KEY + ",crm:" + SHORT_CLIENT_KEY, tooShort),
				Arguments.of("shop:" + CLIENT_KEY + "," + CLIENT_KEY,
						"entry 2 is not name:key, where the name is 1 to"
								+ " 64 letters, digits, '.', '_' or '-' (starting with a letter or digit)"),
				Arguments.of("shop:" + CLIENT_KEY + "," + OTHER_CLIENT_KEY + ":crm", tooShort),
				Arguments.of("shop:" + CLIENT_KEY + ", ,shop:" + OTHER_CLIENT_KEY,
						"entries 1 and 3 name the same client"),
				Arguments.of("shop:" + CLIENT_KEY + ",crm:" + CLIENT_KEY,
						"entries 1 and 2 have the same key: every client needs its own"),
				Arguments.of("shop:" + OPERATOR_TOKEN,
						"the key of entry 1 is the operator token (OPERATOR_TOKEN):"
								+ " every credential must be its own"),
				Arguments.of("shop:" + CLIENT_KEY + " é", "the key of entry 1 must be visible ASCII characters without"
						+ " spaces, as it travels in an HTTP header"));
	}

	@Test
	void clientKeysWithoutAnOperatorTokenAreRefused(CapturedOutput output) {
		Throwable failure = startFailure("--messaging.security.operator-token=",
				"--messaging.security.client-keys=shop:" + CLIENT_KEY);

		assertThat(analysed(failure)).isEqualTo("Invalid setting messaging.security.operator-token (OPERATOR_TOKEN):"
				+ " is required when client keys are set (CLIENT_KEYS): only the operator may start, stop and watch"
				+ " the processor, requeue and cancel in bulk");
		assertNowhere(CLIENT_KEY, failure, output);
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

	@ParameterizedTest
	@ValueSource(strings = { "redis://app:" + PASSWORD + "@127.0.0.1:notaport",
			"http://app:" + PASSWORD + "@127.0.0.1:6379", "redis://app:" + PASSWORD + "@127.0.0.1:6379/cache",
			"redis://app:" + PASSWORD + " @127.0.0.1:6379", "redis://" + PASSWORD + "@127.0.0.1:99999" })
	void malformedRedisUrlIsNamedWithItsPasswordMasked(String url, CapturedOutput output) {
		Throwable failure = startFailure("--messaging.store.redis-url=" + url);

		assertThat(analysed(failure))
			.startsWith("Invalid setting messaging.store.redis-url (REDIS_URL): is not a Redis URL")
			.contains("******@127.0.0.1");
		assertNowhere(PASSWORD, failure, output);
	}

	@ParameterizedTest
	@ValueSource(strings = { "mongodb://app:" + PASSWORD + "@127.0.0.1:notaport/message",
			"mongo://app:" + PASSWORD + "@127.0.0.1/message", "mongodb://app:" + PASSWORD + "@/message",
			"mongodb://app:" + PASSWORD + "@x@127.0.0.1/message",
			"mongodb://app:" + PASSWORD + "@127.0.0.1/message?maxPoolSize=many" })
	void malformedMongodbUriIsNamedWithItsPasswordMasked(String uri, CapturedOutput output) {
		Throwable failure = startFailure("--messaging.store.mongodb-uri=" + uri);

		assertThat(analysed(failure))
			.startsWith("Invalid setting messaging.store.mongodb-uri (MONGODB_URI): is not a MongoDB connection string")
			.contains("app:******@");
		assertNowhere(PASSWORD, failure, output);
	}

	@Test
	void unreachableStoreDoesNotShowThePasswordEither(CapturedOutput output) {
		Throwable failure = startFailure(
				"--messaging.store.mongodb-uri=mongodb://app:" + PASSWORD + "@127.0.0.1:1/message",
				"--messaging.store.redis-url=redis://app:" + PASSWORD + "@127.0.0.1:1",
				"--messaging.store.mongo-server-selection-timeout=300ms");

		assertThat(output.getAll()).as("the failure is logged").contains("127.0.0.1:1");
		assertNowhere(PASSWORD, failure, output);
	}

	@Test
	void aPasswordInAnyRejectedUrlSettingIsMaskedInTheFailureLine(CapturedOutput output) {
		Throwable failure = startFailure("--messaging.webhook.url=https://app:" + PASSWORD + "@sms example.com");

		assertThat(analysed(failure)).isEqualTo("Invalid setting messaging.webhook.url=https://app:******@sms"
				+ " example.com: must be an absolute http(s) URL");
		assertThat(output.getAll()).doesNotContain(PASSWORD);
	}

	private String failureOf(String... args) {
		return analysed(startFailure(args));
	}

	private String analysed(Throwable failure) {
		FailureAnalysis analysis = this.analyzer.analyze(failure);
		assertThat(analysis).as("a wrong setting is analysed").isNotNull();
		return analysis.getDescription();
	}

	private static Throwable startFailure(String... args) {
		String[] all = new String[args.length + 1];
		all[0] = "--server.port=0";
		System.arraycopy(args, 0, all, 1, args.length);
		Throwable failure = catchThrowable(() -> SpringApplication.run(MessageDispatchApplication.class, all).close());
		assertThat(failure).as("the start should fail").isNotNull();
		return failure;
	}

	/**
	 * Not in the log, not in any message or stack trace of the failure, which a DEBUG log
	 * would print.
	 */
	private static void assertNowhere(String secret, Throwable failure, CapturedOutput output) {
		StringWriter trace = new StringWriter();
		failure.printStackTrace(new PrintWriter(trace));
		assertThat(trace.toString()).as("the failure's stack trace").doesNotContain(secret);
		assertThat(output.getAll()).as("the output").doesNotContain(secret);
	}

}
