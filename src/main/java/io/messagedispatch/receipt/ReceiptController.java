package io.messagedispatch.receipt;

import java.util.Map;

import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessageIds;
import io.messagedispatch.message.MessageNotFoundException;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;
import io.messagedispatch.security.Caller;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receipts of sent messages: from Redis when cached, else from MongoDB, refilling the
 * cache. A client key gets receipts of its own messages only, read from MongoDB, where
 * the message's client is recorded: another client's message is not found.
 */
@RestController
class ReceiptController implements ReceiptApi {

	private final ReceiptCache cache;

	private final Messages messages;

	ReceiptController(ReceiptCache cache, Messages messages) {
		this.cache = cache;
		this.messages = messages;
	}

	@GetMapping("/messages/{id}/receipt")
	public Receipt receipt(@PathVariable String id) {
		MessageIds.requireValid(id);
		Caller caller = Caller.current();
		if (!caller.isOperator()) {
			Message own = this.messages.findById(id)
				.filter(message -> caller.canSee(message.client()))
				.orElseThrow(() -> new MessageNotFoundException(id));
			return receiptOf(id, own);
		}
		return this.cache.find(id).orElseGet(() -> fromStore(id));
	}

	private Receipt fromStore(String id) {
		Message message = this.messages.findById(id).orElseThrow(() -> new MessageNotFoundException(id));
		Receipt receipt = receiptOf(id, message);
		this.cache.putAll(Map.of(id, receipt));
		return receipt;
	}

	private static Receipt receiptOf(String id, Message message) {
		if (message.status() != MessageStatus.SENT) {
			throw new MessageNotSentException(id, message.status());
		}
		return new Receipt(message.webhookMessageId(), message.sentAt());
	}

}
