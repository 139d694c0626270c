package io.messagedispatch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Objects;

import io.messagedispatch.dispatch.RunMode;
import io.messagedispatch.dispatch.run.DispatchRunner;
import io.messagedispatch.support.LogFormat;
import io.messagedispatch.support.ProviderStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as it runs in production (APP_ENV=prod, only the stores embedded): JSON log
 * lines that name the run and the message, no secret and no full phone number in any line
 * from startup through a dispatch, the API closed to callers without the operator token,
 * and no API docs, mock provider or test messages.
 */
@Tag("e2e")
@ExtendWith(OutputCaptureExtension.class)
class ProductionModeTests {

	private static final String AUTH_KEY = "auth-key-4f0c2b9e7d";

	private static final String SIGNING_KEY = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final String OPERATOR_TOKEN = "operator-token-8c1d7a3e55b2";

	private static final String PHONE_NUMBER = "+905559876543";

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@BeforeAll
	static void setUpLoggingAfresh() {
		LogFormat.startAfresh();
	}

	@AfterAll
	static void restoreLogFormat() {
		LogFormat.forgetStructuredFormat();
	}

	@Test
	void logsAreJsonWithRunAndMessageIdsAndNeverShowSecrets(CapturedOutput output) throws Exception {
		try (ProviderStub provider = ProviderStub.start();
				ConfigurableApplicationContext context = start(provider.url())) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpResponse<String> accepted = call(port, "POST", "/messages", OPERATOR_TOKEN,
					"{\"phoneNumber\":\"" + PHONE_NUMBER + "\",\"content\":\"prod\"}");
			assertThat(accepted.statusCode()).isEqualTo(201);
			String messageId = this.json.readTree(accepted.body()).path("id").asString();
			assertThat(call(port, "GET", "/processor/status", "wrong-" + OPERATOR_TOKEN, null).statusCode())
				.isEqualTo(401);

			assertThat(context.getBean(DispatchRunner.class).run(RunMode.ONCE).sent()).isEqualTo(1);

			assertThat(provider.requests()).singleElement()
				.satisfies(request -> assertThat(request.header("webhook-signature")).startsWith("v1,"));
			List<JsonNode> lines = jsonLines(output.getOut());
			assertThat(lines).as("JSON log lines").isNotEmpty().allSatisfy(line -> {
				assertThat(line.has("@timestamp")).isTrue();
				assertThat(line.path("log").path("level").isString()).isTrue();
			});
			assertThat(lines).as("a line about the sent message names it and its run").anySatisfy(line -> {
				assertThat(line.path("messageId").asString()).isEqualTo(messageId);
				assertThat(line.path("runId").asString()).isNotBlank();
			});
		}
		assertThat(output.getAll()).doesNotContain(AUTH_KEY, SIGNING_KEY, OPERATOR_TOKEN, PHONE_NUMBER)
			.doesNotContain(":: Spring Boot ::");
	}

	@Test
	void docsAndMockProviderAreOffAndOnlyProbesAreOpen() throws Exception {
		try (ProviderStub provider = ProviderStub.start();
				ConfigurableApplicationContext context = start(provider.url())) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();

			assertThat(call(port, "GET", "/v3/api-docs", null, null).statusCode()).isEqualTo(404);
			assertThat(call(port, "GET", "/swagger-ui.html", null, null).statusCode()).isEqualTo(404);
			assertThat(call(port, "POST", "/mock-provider/messages", null, "{}").statusCode()).isEqualTo(404);
			assertThat(call(port, "POST", "/processor/test-messages", OPERATOR_TOKEN, "{\"count\": 1}").statusCode())
				.as("no test messages in prod")
				.isEqualTo(404);
			assertThat(call(port, "GET", "/actuator/health/liveness", null, null).statusCode()).isEqualTo(200);
			assertThat(call(port, "GET", "/actuator/health/readiness", null, null).statusCode()).isEqualTo(200);
			assertThat(call(port, "GET", "/processor/status", null, null).statusCode()).isEqualTo(401);
			assertThat(call(port, "GET", "/processor/status", OPERATOR_TOKEN, null).statusCode()).isEqualTo(200);
		}
	}

	private static ConfigurableApplicationContext start(String providerUrl) {
		return SpringApplication.run(MessageDispatchApplication.class, "--APP_ENV=prod", "--server.port=0",
				"--messaging.store.embedded-allowed=true", "--messaging.processor.initial-delay=1h",
				"--messaging.webhook.url=" + providerUrl, "--messaging.webhook.auth-key=" + AUTH_KEY,
				"--messaging.webhook.signing-secret=whsec_" + SIGNING_KEY,
				"--messaging.security.operator-token=" + OPERATOR_TOKEN, "--logging.level.io.messagedispatch=TRACE",
				"--logging.level.org.springframework.web=DEBUG");
	}

	private HttpResponse<String> call(int port, String method, String path, String token, String body)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.method(method,
					body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/json");
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private List<JsonNode> jsonLines(String out) {
		return out.lines().filter(line -> line.startsWith("{")).map(line -> {
			try {
				return this.json.readTree(line);
			}
			catch (JacksonException ex) {
				return null;
			}
		}).filter(Objects::nonNull).toList();
	}

}
