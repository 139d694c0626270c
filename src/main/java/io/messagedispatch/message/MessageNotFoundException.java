package io.messagedispatch.message;

/**
 * No message is stored under the requested id.
 */
public class MessageNotFoundException extends RuntimeException {

	public MessageNotFoundException(String id) {
		super("message " + id + " not found");
	}

}
