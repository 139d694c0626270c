package io.messagedispatch.receipt;

import java.util.Map;

import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessageIds;
import io.messagedispatch.message.MessageNotFoundException;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receipts of sent messages: from Redis when cached, else from MongoDB, refilling the
 * cache.
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
		return this.cache.find(id).orElseGet(() -> fromStore(id));
	}

	private Receipt fromStore(String id) {
		Message message = this.messages.findById(id).orElseThrow(() -> new MessageNotFoundException(id));
		if (message.status() != MessageStatus.SENT) {
			throw new MessageNotSentException(id, message.status());
		}
		Receipt receipt = new Receipt(message.webhookMessageId(), message.sentAt());
		this.cache.putAll(Map.of(id, receipt));
		return receipt;
	}

}
