package io.messagedispatch.message;

/**
 * An {@code Idempotency-Key} was sent again with a different request than the one it was
 * first used for.
 */
public class IdempotencyKeyReusedException extends RuntimeException {

	public IdempotencyKeyReusedException() {
		super("Idempotency-Key was already used for a different request");
	}

}
