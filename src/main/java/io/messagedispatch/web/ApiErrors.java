package io.messagedispatch.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The one error body of the whole API: RFC 9457 problem details plus an {@code error}
 * string, which is the field the clients of the system this service replaces read.
 */
public final class ApiErrors {

	private static final URI ABOUT_BLANK = URI.create("about:blank");

	private ApiErrors() {
	}

	public static ProblemDetail problem(HttpStatusCode status, String error, String path) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, error);
		return withError(problem, path);
	}

	/**
	 * The problem as a plain map, for writers that do not know Spring's problem-detail
	 * serialisation.
	 */
	public static Map<String, Object> asMap(ProblemDetail problem) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", problem.getType() == null ? "about:blank" : problem.getType().toString());
		body.put("title", problem.getTitle());
		body.put("status", problem.getStatus());
		body.put("detail", problem.getDetail());
		body.put("instance", problem.getInstance() == null ? null : problem.getInstance().toString());
		if (problem.getProperties() != null) {
			body.putAll(problem.getProperties());
		}
		return body;
	}

	static ProblemDetail withError(ProblemDetail problem, String path) {
		String error = problem.getDetail() != null ? problem.getDetail() : problem.getTitle();
		if (problem.getType() == null) {
			// named, as asMap names it: a ProblemDetail leaves it out by default
			problem.setType(ABOUT_BLANK);
		}
		problem.setProperty("error", error);
		if (problem.getInstance() == null && path != null) {
			problem.setInstance(URI.create(path));
		}
		return problem;
	}

}
