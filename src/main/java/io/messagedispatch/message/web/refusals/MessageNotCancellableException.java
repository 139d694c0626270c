package io.messagedispatch.message.web.refusals;

import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * Only a message that waits can be cancelled: one being sent may already be with the
 * provider, and one settled has nothing left to cancel.
 */
public class MessageNotCancellableException extends ProblemException {

	public MessageNotCancellableException(String id, MessageStatus status) {
		super(HttpStatus.CONFLICT, "message " + id + reason(status));
	}

	private static String reason(MessageStatus status) {
		if (status == MessageStatus.SENDING) {
			return " is being sent and can no longer be cancelled: its POST may already have reached the provider";
		}
		return " is " + (status == null ? "in an unknown state" : status.value())
				+ ": only unsent messages can be cancelled";
	}

}
