package io.messagedispatch.web;

/**
 * The request cannot be carried out in the resource's current state; the message says
 * why.
 */
public class ConflictException extends RuntimeException {

	public ConflictException(String message) {
		super(message);
	}

}
