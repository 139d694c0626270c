package io.messagedispatch.dispatch;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;

import io.messagedispatch.message.DeliveryOutcome;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessageRules;
import io.messagedispatch.message.PhoneNumbers;
import io.messagedispatch.observability.LogContext;
import io.messagedispatch.provider.OutboundMessage;
import io.messagedispatch.provider.ProviderClient;
import io.messagedispatch.provider.ProviderResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Sends one claimed message and decides its outcome. A stored message that breaks the rules (written straight into
 * MongoDB, say) is failed with the reason without being sent, so it never blocks the messages behind it. Runs
 * concurrently for the messages of a chunk.
 */
class SendingProcessor implements ItemProcessor<Message, DeliveryOutcome> {

	private static final Logger log = LoggerFactory.getLogger(SendingProcessor.class);

	private final MessageRules rules;

	private final ProviderClient provider;

	private final RetrySchedule retrySchedule;

	private final Clock clock;

	SendingProcessor(MessageRules rules, ProviderClient provider, RetrySchedule retrySchedule, Clock clock) {
		this.rules = rules;
		this.provider = provider;
		this.retrySchedule = retrySchedule;
		this.clock = clock;
	}

	@Override
	public DeliveryOutcome process(Message message) {
		try (MDC.MDCCloseable logContext = MDC.putCloseable(LogContext.MESSAGE_ID, message.id())) {
			return send(message);
		}
	}

	private DeliveryOutcome send(Message message) {
		List<MessageRules.Violation> violations = this.rules.check(message.phoneNumber(), message.content());
		if (!violations.isEmpty()) {
			String reason = "invalid stored message: "
					+ violations.stream().map(Object::toString).collect(Collectors.joining("; "));
			log.warn("Message {} to {} failed without sending: {}", message.id(),
					PhoneNumbers.mask(message.phoneNumber()), reason);
			return new DeliveryOutcome.Failed(message.id(), 0, reason);
		}
		ProviderResult result = this.provider
			.send(new OutboundMessage(message.id(), message.phoneNumber(), message.content()));
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		if (result instanceof ProviderResult.Accepted accepted) {
			return new DeliveryOutcome.Sent(message.id(), accepted.posts(), accepted.providerMessageId(), now);
		}
		if (result instanceof ProviderResult.Rejected rejected) {
			return new DeliveryOutcome.Failed(message.id(), rejected.posts(), "provider refused: " + rejected.reason());
		}
		if (result instanceof ProviderResult.Paused paused) {
			// not the message's fault: due again at once, no attempt used; the open circuit holds it back
			return new DeliveryOutcome.RetryLater(message.id(), 0, paused.reason(), now);
		}
		return this.retrySchedule.afterUnavailable(message, (ProviderResult.Unavailable) result, now);
	}

}
