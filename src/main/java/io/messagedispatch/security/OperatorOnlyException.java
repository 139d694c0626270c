package io.messagedispatch.security;

import io.messagedispatch.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * A client key made a call that only the operator may make: starting, stopping or
 * watching the processor, requeueing, cancelling in bulk.
 */
public class OperatorOnlyException extends ProblemException {

	public OperatorOnlyException() {
		super(HttpStatus.FORBIDDEN, "this call is for the operator only");
	}

}
