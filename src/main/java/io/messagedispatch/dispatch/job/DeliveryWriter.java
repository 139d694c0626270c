package io.messagedispatch.dispatch.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.messagedispatch.dispatch.MessagesDispatched;
import io.messagedispatch.queue.DeliveryOutcome;
import io.messagedispatch.queue.MessageQueue;
import io.messagedispatch.receipt.Receipt;
import io.messagedispatch.receipt.ReceiptCache;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Records a chunk's outcomes in one bulk write (only while this run still holds each
 * claim), then caches the receipts of the sent ones in one Redis pipeline. Only what was
 * recorded is cached and counted: an outcome whose claim was taken over belongs to the
 * runner that holds it now. When MongoDB fails the write, the outcomes are kept in
 * {@link UnrecordedOutcomes} to be recorded when it is back, rather than POSTed again. No
 * HTTP happens here, and a Redis failure never undoes a send. What was recorded is
 * published as {@link MessagesDispatched}.
 */
class DeliveryWriter implements ItemWriter<DeliveryOutcome> {

	private final MessageQueue queue;

	private final ReceiptCache receipts;

	private final CurrentRun currentRun;

	private final MeterRegistry meters;

	private final UnrecordedOutcomes unrecorded;

	private final ApplicationEventPublisher events;

	DeliveryWriter(MessageQueue queue, ReceiptCache receipts, CurrentRun currentRun, MeterRegistry meters,
			UnrecordedOutcomes unrecorded, ApplicationEventPublisher events) {
		this.unrecorded = unrecorded;
		this.events = events;
		this.queue = queue;
		this.receipts = receipts;
		this.currentRun = currentRun;
		this.meters = meters;
	}

	@Override
	public void write(Chunk<? extends DeliveryOutcome> chunk) {
		List<? extends DeliveryOutcome> outcomes = chunk.getItems();
		DispatchRun run = this.currentRun.get();
		Set<String> recorded;
		try {
			recorded = this.queue.record(run.owner(), outcomes);
		}
		catch (RuntimeException ex) {
			this.unrecorded.keep(run.owner(), outcomes);
			throw ex;
		}
		finally {
			run.writerDone(outcomes.stream().map(DeliveryOutcome::messageId).toList());
		}
		Map<String, Receipt> sent = new LinkedHashMap<>();
		long retried = 0;
		long failed = 0;
		long expired = 0;
		for (DeliveryOutcome outcome : outcomes) {
			if (!recorded.contains(outcome.messageId())) {
				continue;
			}
			if (outcome instanceof DeliveryOutcome.Sent accepted) {
				sent.put(accepted.messageId(), new Receipt(accepted.webhookMessageId(), accepted.sentAt()));
			}
			else if (outcome instanceof DeliveryOutcome.RetryLater) {
				retried++;
			}
			else if (outcome instanceof DeliveryOutcome.Expired) {
				expired++;
			}
			else {
				failed++;
			}
		}
		this.receipts.putAll(sent);
		// the run report counts an expired message among the ones it gave up on
		run.counted(sent.size(), retried, failed + expired);
		count("sent", sent.size());
		count("retried", retried);
		count("failed", failed);
		count("expired", expired);
		MessagesDispatched dispatched = new MessagesDispatched(sent.size(), retried, failed + expired);
		if (dispatched.any()) {
			this.events.publishEvent(dispatched);
		}
	}

	private void count(String outcome, long count) {
		if (count > 0) {
			this.meters.counter("messaging.dispatch.messages", "outcome", outcome).increment(count);
		}
	}

}
