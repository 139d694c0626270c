package io.messagedispatch.web;

/**
 * What the request asked for does not exist; the message says what and is shown to the
 * client.
 */
public class NotFoundException extends RuntimeException {

	public NotFoundException(String message) {
		super(message);
	}

}
