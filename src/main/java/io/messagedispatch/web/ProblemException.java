package io.messagedispatch.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A fact about a request that the API answers with its own status: each feature names its
 * refusals as subclasses, and the one error handler renders them without knowing them.
 * The detail is the {@code error} clients read.
 */
public abstract class ProblemException extends ErrorResponseException {

	protected ProblemException(HttpStatus status, String detail) {
		super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
