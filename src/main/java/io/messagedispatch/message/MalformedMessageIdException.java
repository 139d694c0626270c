package io.messagedispatch.message;

/**
 * The id in the request cannot be a message id (a 24-digit hex ObjectId).
 */
public class MalformedMessageIdException extends RuntimeException {

	public MalformedMessageIdException(String id) {
		super("malformed message id '" + abbreviate(id) + "': expected 24 hex digits");
	}

	private static String abbreviate(String id) {
		return id.length() <= 40 ? id : id.substring(0, 40) + "...";
	}

}
