package io.messagedispatch.processor;

import io.messagedispatch.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * Nothing has been sent yet; the old clients read this as a 404 with
 * {@code no sent messages found}.
 */
class NoSentMessagesException extends ProblemException {

	NoSentMessagesException() {
		super(HttpStatus.NOT_FOUND, "no sent messages found");
	}

}
