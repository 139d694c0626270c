package io.messagedispatch.web;

/**
 * A request parameter has a value the API does not accept; the message says which and is shown to the client.
 */
public class InvalidRequestException extends RuntimeException {

	public InvalidRequestException(String message) {
		super(message);
	}

}
