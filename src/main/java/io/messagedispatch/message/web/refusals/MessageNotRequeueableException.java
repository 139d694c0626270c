package io.messagedispatch.message.web.refusals;

import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * Only a failed message can be put back in the queue: one that is queued, being sent or
 * sent already cannot.
 */
public class MessageNotRequeueableException extends ProblemException {

	public MessageNotRequeueableException(String id, MessageStatus status) {
		super(HttpStatus.CONFLICT, "message " + id + " is " + (status == null ? "in an unknown state" : status.value())
				+ ": only failed messages can be requeued");
	}

}
