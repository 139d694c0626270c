package io.messagedispatch.message;

import org.bson.types.ObjectId;

/**
 * Message ids as the API takes them.
 */
public final class MessageIds {

	private MessageIds() {
	}

	/**
	 * Checks that a path id can be a message id, so that a typo is a 400 rather than a 404.
	 */
	public static String requireValid(String id) {
		if (!ObjectId.isValid(id)) {
			throw new MalformedMessageIdException(id);
		}
		return id;
	}

}
