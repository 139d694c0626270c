package io.messagedispatch.message;

import io.messagedispatch.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * No message is stored under the requested id.
 */
public class MessageNotFoundException extends ProblemException {

	public MessageNotFoundException(String id) {
		super(HttpStatus.NOT_FOUND, "message " + id + " not found");
	}

}
