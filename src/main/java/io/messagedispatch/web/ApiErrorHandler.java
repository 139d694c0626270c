package io.messagedispatch.web;

import java.util.List;
import java.util.Map;

import com.mongodb.MongoException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Maps every failure of a request to the API's one error body. Domain exceptions
 * ({@link ProblemException}) carry their own status and wording; nothing internal (stack
 * traces, class names, driver messages) reaches a client.
 */
@RestControllerAdvice
class ApiErrorHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

	@ExceptionHandler(RequestTooLargeException.class)
	ResponseEntity<Object> tooLarge(RequestTooLargeException ex, HttpServletRequest request) {
		return respond(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage(), request);
	}

	@ExceptionHandler({ MongoException.class, DataAccessResourceFailureException.class })
	ResponseEntity<Object> storeUnavailable(RuntimeException ex, HttpServletRequest request) {
		log.warn("Request {} {} failed: message store unavailable: {}", request.getMethod(), request.getRequestURI(),
				ex.getMessage());
		return respond(HttpStatus.SERVICE_UNAVAILABLE, "message store unavailable, try again later", request);
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return handleExceptionInternal(ex, ApiErrors.problem(HttpStatus.BAD_REQUEST,
				"missing " + ex.getParameterName() + " parameter", path(request)), headers, HttpStatus.BAD_REQUEST,
				request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception ex, HttpServletRequest request) {
		log.error("Request {} {} failed", request.getMethod(), request.getRequestURI(), ex);
		return respond(HttpStatus.INTERNAL_SERVER_ERROR, "internal error", request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		RequestTooLargeException tooLarge = findCause(ex, RequestTooLargeException.class);
		if (tooLarge != null) {
			return handleExceptionInternal(ex,
					ApiErrors.problem(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage(), path(request)), headers,
					HttpStatus.CONTENT_TOO_LARGE, request);
		}
		UnrecognizedPropertyException unknown = findCause(ex, UnrecognizedPropertyException.class);
		if (unknown != null) {
			// a typo must never make a call do something else than asked: the field is
			// named, not ignored
			ProblemDetail problem = ApiErrors.problem(HttpStatus.BAD_REQUEST,
					"malformed request body: unknown field '" + unknown.getPropertyName() + "'", path(request));
			problem.setProperty("errors", List.of(Map.of("field", unknown.getPropertyName(), "message",
					"is not a field of this request: check its spelling against the API document")));
			return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
		}
		return handleExceptionInternal(ex,
				ApiErrors.problem(HttpStatus.BAD_REQUEST,
						"malformed request body: expected valid JSON of the documented shape", path(request)),
				headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return handleExceptionInternal(ex,
				ApiErrors.problem(HttpStatus.NOT_FOUND, "no such endpoint: " + path(request), path(request)), headers,
				HttpStatus.NOT_FOUND, request);
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = ex.getPropertyName() != null ? ex.getPropertyName() : "parameter";
		return handleExceptionInternal(ex,
				ApiErrors.problem(HttpStatus.BAD_REQUEST, "invalid " + name + " parameter", path(request)), headers,
				HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		Object problem = body;
		if (problem == null && ex instanceof ProblemException refusal) {
			// the body as the refusal made it, with its properties
			problem = refusal.getBody();
		}
		if (problem == null) {
			problem = ProblemDetail.forStatusAndDetail(statusCode, ex.getMessage());
		}
		if (problem instanceof ProblemDetail detail) {
			ApiErrors.withError(detail, path(request));
		}
		return super.handleExceptionInternal(ex, problem, headers, statusCode, request);
	}

	private static ResponseEntity<Object> respond(HttpStatus status, String error, HttpServletRequest request) {
		return ResponseEntity.status(status).body(ApiErrors.problem(status, error, request.getRequestURI()));
	}

	private static String path(WebRequest request) {
		return request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI() : null;
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return null;
	}

}
