package io.messagedispatch.web;

import java.io.IOException;

/**
 * A request body is larger than {@code messaging.web.max-request-size}.
 */
class RequestTooLargeException extends IOException {

	RequestTooLargeException(long limit) {
		super("request body is larger than " + limit + " bytes");
	}

}
