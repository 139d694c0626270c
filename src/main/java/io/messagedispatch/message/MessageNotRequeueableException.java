package io.messagedispatch.message;

/**
 * Only a failed message can be put back in the queue: one that is queued, being sent or
 * sent already cannot.
 */
public class MessageNotRequeueableException extends RuntimeException {

	public MessageNotRequeueableException(String id, MessageStatus status) {
		super("message " + id + " is " + (status == null ? "in an unknown state" : status.value())
				+ ": only failed messages can be requeued");
	}

}
