package io.messagedispatch.web;

import com.mongodb.MongoException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * Maps every failure of a request to the API's one error body. Domain exceptions carry
 * their own wording; nothing internal (stack traces, class names, driver messages)
 * reaches a client.
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
		if (problem == null) {
			// a refusal's own problem keeps the properties it carries (a rejected
			// message's errors)
			problem = (ex instanceof ProblemException refusal) ? refusal.getBody()
					: ProblemDetail.forStatusAndDetail(statusCode, ex.getMessage());
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
