package io.messagedispatch.receipt;

import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * A receipt exists only for a sent message; this one is queued, being sent or failed.
 */
class MessageNotSentException extends ProblemException {

	MessageNotSentException(String id, MessageStatus status) {
		super(HttpStatus.CONFLICT, "message " + id + " has no receipt: it is "
				+ (status == null ? "in an unknown state" : status.value()));
	}

}
