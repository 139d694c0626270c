package io.messagedispatch.web;

import java.util.List;
import java.util.Map;

import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's one error body in a web slice, with a controller of its own that fails in
 * every way: a refusal ({@link ProblemException}) with its status, detail and properties,
 * an unexpected failure (500, nothing internal shown), the store out of reach (503),
 * unreadable JSON, missing and mistyped parameters, unknown paths, refusals of the
 * framework, bodies over the size limit, and the container's error page. Each is RFC 9457
 * problem details plus the {@code error} string, as {@code application/problem+json}
 * where the handler or the filter writes it.
 */
@WebMvcTest(controllers = ApiErrorHandlerTests.FailingController.class,
		properties = "messaging.web.max-request-size=64B")
@Import({ WebSlice.class, ApiErrorHandlerTests.FailingController.class })
class ApiErrorHandlerTests {

	private static final String INTERNALS = "com.mongodb.MongoSocketReadException: db-internal.example:27017";

	@Autowired
	private MockMvcTester mvc;

	@Test
	void refusalIsRenderedWithItsOwnStatusAndDetail() {
		assertThat(this.mvc.get().uri("/test/refusal")).hasStatus(HttpStatus.CONFLICT)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"type": "about:blank", "title": "Conflict", "status": 409, "detail": "widget 7 is locked",
					 "instance": "/test/refusal", "error": "widget 7 is locked"}""");
	}

	@Test
	void refusalKeepsThePropertiesItCarries() {
		assertThat(this.mvc.get().uri("/test/refusal-with-errors")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"type": "about:blank", "title": "Bad Request", "status": 400, "detail": "invalid widget",
					 "instance": "/test/refusal-with-errors", "error": "invalid widget",
					 "errors": [{"field": "name", "message": "is required"}]}""");
	}

	@Test
	void unexpectedFailureIsAnInternalErrorThatShowsNoInternals() {
		MvcTestResult result = this.mvc.get().uri("/test/unexpected").exchange();

		assertThat(result).hasStatus(HttpStatus.INTERNAL_SERVER_ERROR)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"type": "about:blank", "title": "Internal Server Error", "status": 500,
					 "detail": "internal error", "instance": "/test/unexpected", "error": "internal error"}""");
		assertThat(result).body()
			.asString()
			.doesNotContain("Exception", "mongodb", "db-internal", "java.", "trace", "io.messagedispatch");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "driver", "spring" })
	void storeOutOfReachIsAServiceUnavailableThatShowsNoInternals(String kind) {
		MvcTestResult result = this.mvc.get().uri("/test/store/{kind}", kind).exchange();

		assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"type": "about:blank", "title": "Service Unavailable", "status": 503,
					 "detail": "message store unavailable, try again later", "instance": "/test/store/%s",
					 "error": "message store unavailable, try again later"}""".formatted(kind));
		assertThat(result).body().asString().doesNotContain("db-internal", "Mongo", "Socket");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "{not json", "", "{\"name\": {\"a\": 1}}", "[]" })
	void unreadableBodyIsABadRequest(String body) {
		assertThat(this.mvc.post().uri("/test/echo").contentType(MediaType.APPLICATION_JSON).content(body))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"type": "about:blank", "title": "Bad Request", "status": 400,
					 "detail": "malformed request body: expected valid JSON of the documented shape",
					 "instance": "/test/echo",
					 "error": "malformed request body: expected valid JSON of the documented shape"}""");
	}

	@Test
	void missingParameterIsNamed() {
		assertThat(this.mvc.get().uri("/test/count")).hasStatus(HttpStatus.BAD_REQUEST).bodyJson().isStrictlyEqualTo("""
				{"type": "about:blank", "title": "Bad Request", "status": 400, "detail": "missing n parameter",
				 "instance": "/test/count", "error": "missing n parameter"}""");
	}

	@Test
	void parameterOfTheWrongTypeIsNamed() {
		assertThat(this.mvc.get().uri("/test/count?n=many")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.error")
			.isEqualTo("invalid n parameter");
	}

	@Test
	void unknownPathIsNoSuchEndpoint() {
		assertThat(this.mvc.get().uri("/nowhere/at-all")).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"type": "about:blank", "title": "Not Found", "status": 404,
					 "detail": "no such endpoint: /nowhere/at-all", "instance": "/nowhere/at-all",
					 "error": "no such endpoint: /nowhere/at-all"}""");
	}

	@Test
	void wrongMethodKeepsItsStatusWithTheCommonShape() {
		MvcTestResult result = this.mvc.delete().uri("/test/refusal").exchange();

		assertThat(result).hasStatus(HttpStatus.METHOD_NOT_ALLOWED).hasHeader(HttpHeaders.ALLOW, "GET");
		assertCommonShape(result, 405, "/test/refusal");
		assertThat(result).bodyJson().extractingPath("$.error").asString().contains("DELETE");
	}

	@Test
	void unsupportedMediaTypeKeepsItsStatusWithTheCommonShape() {
		MvcTestResult result = this.mvc.post()
			.uri("/test/echo")
			.contentType(MediaType.TEXT_PLAIN)
			.content("hi")
			.exchange();

		assertThat(result).hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		assertCommonShape(result, 415, "/test/echo");
		assertThat(result).bodyJson().extractingPath("$.error").asString().contains("text/plain");
	}

	@Test
	void bodyDeclaredOverTheLimitIsRefusedByTheFilterInTheSameShape() {
		assertThat(this.mvc.post()
			.uri("/test/echo")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"" + "a".repeat(64) + "\"}")).hasStatus(HttpStatus.CONTENT_TOO_LARGE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"type": "about:blank", "title": "Content Too Large", "status": 413,
					 "detail": "request body is larger than 64 bytes", "instance": "/test/echo",
					 "error": "request body is larger than 64 bytes"}""");
	}

	@Test
	void bodyWithinTheLimitGoesThrough() {
		assertThat(
				this.mvc.post().uri("/test/echo").contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"a\"}"))
			.hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("{\"name\": \"a\"}");
	}

	@Test
	void bodyFoundOverTheLimitWhileItIsReadIsContentTooLarge() {
		for (String path : List.of("/test/too-large-while-reading", "/test/too-large-while-parsing")) {
			assertThat(this.mvc.post().uri(path)).hasStatus(HttpStatus.CONTENT_TOO_LARGE)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyJson()
				.isStrictlyEqualTo("""
						{"type": "about:blank", "title": "Content Too Large", "status": 413,
						 "detail": "request body is larger than 64 bytes", "instance": "%s",
						 "error": "request body is larger than 64 bytes"}""".formatted(path));
		}
	}

	@Test
	void failureTheContainerRendersGetsTheSameShapeAndNoInternals() {
		MvcTestResult result = this.mvc.get()
			.uri("/error")
			.requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 500)
			.requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/messages")
			.requestAttr(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException(INTERNALS))
			.requestAttr(RequestDispatcher.ERROR_MESSAGE, INTERNALS)
			.exchange();

		assertThat(result).hasStatus(HttpStatus.INTERNAL_SERVER_ERROR).bodyJson().isStrictlyEqualTo("""
				{"type": "about:blank", "title": "Internal Server Error", "status": 500, "detail": "internal error",
				 "instance": "/messages", "error": "internal error"}""");
		assertThat(result).body().asString().doesNotContain("Exception", "db-internal", "trace");
	}

	@Test
	void clientErrorTheContainerRendersIsNamedByItsTitle() {
		assertThat(this.mvc.get()
			.uri("/error")
			.requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 400)
			.requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/messages/%zz")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"type": "about:blank", "title": "Bad Request", "status": 400, "detail": "bad request",
					 "instance": "/messages/%zz", "error": "bad request"}""");
	}

	private void assertCommonShape(MvcTestResult result, int status, String path) {
		assertThat(result).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$").asMap().satisfies(body -> {
			assertThat(body).containsOnlyKeys("type", "title", "status", "detail", "instance", "error")
				.containsEntry("type", "about:blank")
				.containsEntry("status", status)
				.containsEntry("instance", path);
			assertThat(body.get("error")).isNotNull().isEqualTo(body.get("detail"));
		});
	}

	/** A refusal of a feature, as the modules declare theirs. */
	static class WidgetLocked extends ProblemException {

		WidgetLocked() {
			super(HttpStatus.CONFLICT, "widget 7 is locked");
		}

	}

	/** A refusal that carries a property of its own, as a rejected message does. */
	static class WidgetRejected extends ProblemException {

		WidgetRejected() {
			super(HttpStatus.BAD_REQUEST, "invalid widget");
			getBody().setProperty("errors", List.of(Map.of("field", "name", "message", "is required")));
		}

	}

	record Widget(String name) {
	}

	@RestController
	static class FailingController {

		@GetMapping("/test/refusal")
		String refusal() {
			throw new WidgetLocked();
		}

		@GetMapping("/test/refusal-with-errors")
		String refusalWithErrors() {
			throw new WidgetRejected();
		}

		@GetMapping("/test/unexpected")
		String unexpected() {
			throw new IllegalStateException(INTERNALS);
		}

		@GetMapping("/test/store/{kind}")
		String store(@PathVariable String kind) {
			if (kind.equals("driver")) {
				throw new MongoSocketReadException(INTERNALS, new ServerAddress("db-internal.example"));
			}
			throw new DataAccessResourceFailureException(INTERNALS);
		}

		@PostMapping("/test/echo")
		Widget echo(@RequestBody Widget widget) {
			return widget;
		}

		@GetMapping("/test/count")
		int count(@RequestParam int n) {
			return n;
		}

		/** As the size filter's stream fails when a handler reads an undeclared body. */
		@PostMapping("/test/too-large-while-reading")
		String tooLargeWhileReading() throws RequestTooLargeException {
			throw new RequestTooLargeException(64);
		}

		/** As the size filter's stream fails while a JSON body is being parsed. */
		@PostMapping("/test/too-large-while-parsing")
		String tooLargeWhileParsing(HttpServletRequest request) {
			throw new HttpMessageNotReadableException("I/O error while reading input message",
					new RequestTooLargeException(64), new ServletServerHttpRequest(request));
		}

	}

}
