package io.messagedispatch.dispatch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.messagedispatch.message.DeliveryOutcome;
import io.messagedispatch.message.MessageStore;
import io.messagedispatch.receipt.Receipt;
import io.messagedispatch.receipt.ReceiptCache;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Records a chunk's outcomes in one bulk write (only while this run still holds each claim), then caches the
 * receipts of the sent ones in one Redis pipeline. No HTTP happens here, and a Redis failure never undoes a send.
 */
class DeliveryWriter implements ItemWriter<DeliveryOutcome> {

	static final String SENT = "sent";

	static final String RETRIED = "retried";

	static final String FAILED = "failed";

	private final MessageStore store;

	private final ReceiptCache receipts;

	private final String owner;

	private final MeterRegistry meters;

	DeliveryWriter(MessageStore store, ReceiptCache receipts, String owner, MeterRegistry meters) {
		this.store = store;
		this.receipts = receipts;
		this.owner = owner;
		this.meters = meters;
	}

	@Override
	public void write(Chunk<? extends DeliveryOutcome> chunk) {
		List<? extends DeliveryOutcome> outcomes = chunk.getItems();
		this.store.record(this.owner, outcomes);
		Map<String, Receipt> sent = new LinkedHashMap<>();
		long retried = 0;
		long failed = 0;
		for (DeliveryOutcome outcome : outcomes) {
			if (outcome instanceof DeliveryOutcome.Sent accepted) {
				sent.put(accepted.messageId(), new Receipt(accepted.webhookMessageId(), accepted.sentAt()));
			}
			else if (outcome instanceof DeliveryOutcome.RetryLater) {
				retried++;
			}
			else {
				failed++;
			}
		}
		this.receipts.putAll(sent);
		tally(SENT, sent.size());
		tally(RETRIED, retried);
		tally(FAILED, failed);
	}

	private void tally(String outcome, long count) {
		if (count == 0) {
			return;
		}
		this.meters.counter("messaging.dispatch.messages", "outcome", outcome).increment(count);
		var context = StepSynchronizationManager.getContext();
		if (context != null) {
			ExecutionContext run = context.getStepExecution().getExecutionContext();
			run.putLong(outcome, run.getLong(outcome, 0L) + count);
		}
	}

}
