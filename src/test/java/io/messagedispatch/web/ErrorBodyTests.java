package io.messagedispatch.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever fails inside, a client gets the common error body and learns nothing about the
 * internals: no exception class, message, stack trace or server version.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "messaging.processor.initial-delay=1h")
@Import(ErrorBodyTests.Failures.class)
class ErrorBodyTests {

	private static final String INTERNALS = "com.mongodb.MongoSocketReadException: db-internal.example:27017";

	@LocalServerPort
	private int port;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void anUnexpectedFailureInAHandlerIsAnInternalErrorAndNothingMore() throws Exception {
		HttpResponse<String> response = get("/test-failures/handler");

		assertThat(response.statusCode()).isEqualTo(500);
		assertInternalErrorOnly(response.body(), "/test-failures/handler");
	}

	@Test
	void anUnexpectedFailureOutsideTheHandlersIsAnInternalErrorAndNothingMore() throws Exception {
		HttpResponse<String> response = get("/test-failures/filter");

		assertThat(response.statusCode()).isEqualTo(500);
		assertInternalErrorOnly(response.body(), "/test-failures/filter");
	}

	@Test
	void requestsTheServerCannotParseDoNotShowTheServer() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write("GET /messages/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);

			assertThat(response).startsWith("HTTP/1.1 400");
			assertThat(response).doesNotContainIgnoringCase("tomcat").doesNotContain("Exception").doesNotContain("at ");
		}
	}

	private void assertInternalErrorOnly(String body, String path) {
		JsonNode error = this.json.readTree(body);
		assertThat(error.path("error").asString()).isEqualTo("internal error");
		assertThat(error.path("status").asInt()).isEqualTo(500);
		assertThat(error.path("instance").asString()).isEqualTo(path);
		assertThat(error.propertyNames()).contains("status", "error")
			.isSubsetOf("type", "title", "status", "detail", "instance", "error");
		assertThat(body).doesNotContain("Exception", "mongodb", "db-internal", "java.", "trace", "io.messagedispatch");
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Failures {

		@Bean
		FailingController failingController() {
			return new FailingController();
		}

		@Bean
		OncePerRequestFilter failingFilter() {
			return new OncePerRequestFilter() {
				@Override
				protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
						FilterChain chain) throws ServletException, IOException {
					if (request.getRequestURI().equals("/test-failures/filter")) {
						throw new IllegalStateException(INTERNALS);
					}
					chain.doFilter(request, response);
				}
			};
		}

	}

	@RestController
	static class FailingController {

		@GetMapping("/test-failures/handler")
		String fail() {
			throw new IllegalStateException(INTERNALS);
		}

	}

}
