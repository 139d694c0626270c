package io.messagedispatch.message.web.refusals;

import io.messagedispatch.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * An {@code Idempotency-Key} was sent again with a different request than the one it was
 * first used for.
 */
public class IdempotencyKeyReusedException extends ProblemException {

	public IdempotencyKeyReusedException() {
		super(HttpStatus.CONFLICT, "Idempotency-Key was already used for a different request");
	}

}
