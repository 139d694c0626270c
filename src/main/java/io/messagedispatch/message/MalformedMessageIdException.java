package io.messagedispatch.message;

import io.messagedispatch.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * The id in the request cannot be a message id in any of the text forms of
 * {@link MessageIds}.
 */
public class MalformedMessageIdException extends ProblemException {

	public MalformedMessageIdException(String id) {
		super(HttpStatus.BAD_REQUEST, "malformed message id '" + abbreviate(id)
				+ "': expected 24 hex digits, a string id, or a tagged form such as ~i32:42");
	}

	private static String abbreviate(String id) {
		return id.length() <= 40 ? id : id.substring(0, 40) + "...";
	}

}
