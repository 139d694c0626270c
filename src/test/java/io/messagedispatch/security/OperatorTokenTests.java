package io.messagedispatch.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With an operator token set, the client and operator API answers only requests that
 * carry it; probes, the mock provider and the API docs stay open.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "messaging.security.operator-token=" + OperatorTokenTests.TOKEN,
				"messaging.processor.initial-delay=1h", "messaging.webhook.auth-key=k" })
@AutoConfigureMockMvc
class OperatorTokenTests {

	static final String TOKEN = "s3cret-operator-token-0123456789";

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private RequestMappingHandlerMapping requestMappingHandlerMapping;

	@LocalServerPort
	private int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void requestsWithoutTheTokenAreRefusedWithAChallenge() {
		assertThat(this.mvc.post().uri("/processor/start")).hasStatus(HttpStatus.UNAUTHORIZED)
			.hasHeader("WWW-Authenticate", "Bearer realm=\"message-dispatch\"")
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.satisfies(json -> {
				assertThat(json).extractingPath("$.error").isEqualTo("missing operator token");
				assertThat(json).extractingPath("$.status").isEqualTo(401);
				assertThat(json).extractingPath("$.instance").isEqualTo("/processor/start");
			});
	}

	@Test
	void aWrongTokenOrSchemeIsRefused() {
		assertThat(this.mvc.get().uri("/processor/status").header("Authorization", "Bearer " + TOKEN + "x"))
			.hasStatus(HttpStatus.UNAUTHORIZED)
			.hasHeader("WWW-Authenticate", "Bearer realm=\"message-dispatch\", error=\"invalid_token\"")
			.bodyJson()
			.extractingPath("$.error")
			.isEqualTo("invalid operator token");
		for (String authorization : List.of("Basic " + TOKEN, "Bearer")) {
			assertThat(this.mvc.get().uri("/processor/status").header("Authorization", authorization)).as(authorization)
				.hasStatus(HttpStatus.UNAUTHORIZED)
				.hasHeader("WWW-Authenticate", "Bearer realm=\"message-dispatch\"")
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyJson()
				.extractingPath("$.error")
				.isEqualTo("missing operator token");
		}
	}

	@Test
	void theRightTokenIsLetThrough() {
		assertThat(this.mvc.get().uri("/processor/status").header("Authorization", "Bearer " + TOKEN)).hasStatusOk();
		assertThat(this.mvc.post()
			.uri("/messages")
			.header("Authorization", "bearer " + TOKEN)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"phoneNumber\":\"+905551111111\",\"content\":\"hi\"}")).hasStatus(HttpStatus.CREATED);
	}

	@Test
	void everyMessagesAndProcessorEndpointNeedsTheToken() throws Exception {
		List<String> guarded = this.requestMappingHandlerMapping.getHandlerMethods()
			.keySet()
			.stream()
			.flatMap(info -> info.getPatternValues().stream())
			.filter(path -> path.startsWith("/messages") || path.startsWith("/processor"))
			.distinct()
			.toList();

		assertThat(guarded).contains("/messages", "/messages/batch", "/messages/{id}", "/messages/{id}/receipt",
				"/processor/start", "/processor/stop", "/processor/status", "/processor/sent-messages");
		for (String path : guarded) {
			String uri = path.replace("{id}", "6650a1b2c3d4e5f601234567");
			for (String method : List.of("GET", "POST")) {
				assertRefusedForAMissingToken(call(method, uri), uri);
			}
		}
	}

	@Test
	void pathTricksDoNotGetPastTheToken() throws Exception {
		for (String uri : List.of("//processor/status", "/processor/./status", "/messages/../processor/status",
				"/%70rocessor/status", "/processor/status;x=1", "/processor/status/")) {
			assertRefusedForAMissingToken(call("GET", uri), uri);
		}
		// paths are matched case-sensitively: this one reaches no endpoint, with or
		// without the token
		for (String token : new String[] { null, TOKEN }) {
			HttpResponse<String> upperCase = call("GET", "/PROCESSOR/status", token);
			assertThat(upperCase.statusCode()).isEqualTo(404);
			assertThat(upperCase.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat((String) JsonPath.read(upperCase.body(), "$.error"))
				.isEqualTo("no such endpoint: /PROCESSOR/status");
		}
	}

	@Test
	void probesDocsAndTheMockProviderStayOpen() throws Exception {
		assertThat(call("GET", "/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(call("GET", "/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(call("GET", "/actuator/prometheus").statusCode()).isEqualTo(200);
		assertThat(call("GET", "/v3/api-docs").statusCode()).isEqualTo(200);
		assertThat(this.mvc.post()
			.uri("/mock-provider/messages")
			.header("x-ins-auth-key", "k")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"to\":\"+905551111111\",\"content\":\"hi\"}")).hasStatus(HttpStatus.ACCEPTED);
	}

	/**
	 * A 401 with the challenge and the API's error body: RFC 9457 problem details plus
	 * {@code error}.
	 */
	private static void assertRefusedForAMissingToken(HttpResponse<String> response, String path) {
		String call = response.request().method() + " " + path;
		assertThat(response.statusCode()).as(call).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).as(call)
			.hasValue("Bearer realm=\"message-dispatch\"");
		assertThat(response.headers().firstValue("Content-Type")).as(call).hasValue("application/problem+json");
		String body = response.body();
		assertThat((String) JsonPath.read(body, "$.error")).as(call).isEqualTo("missing operator token");
		assertThat((String) JsonPath.read(body, "$.detail")).as(call).isEqualTo("missing operator token");
		assertThat((String) JsonPath.read(body, "$.title")).as(call).isEqualTo("Unauthorized");
		assertThat((Integer) JsonPath.read(body, "$.status")).as(call).isEqualTo(401);
		assertThat((String) JsonPath.read(body, "$.instance")).as(call).isEqualTo(path);
	}

	private HttpResponse<String> call(String method, String path) throws IOException, InterruptedException {
		return call(method, path, null);
	}

	private HttpResponse<String> call(String method, String path, String token)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.method(method,
					method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{}")
							: HttpRequest.BodyPublishers.noBody())
			.header("Content-Type", "application/json");
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
