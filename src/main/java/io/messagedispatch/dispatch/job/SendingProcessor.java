package io.messagedispatch.dispatch.job;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;

import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessageIds;
import io.messagedispatch.message.MessageRules;
import io.messagedispatch.message.PhoneNumbers;
import io.messagedispatch.observability.LogContext;
import io.messagedispatch.provider.OutboundMessage;
import io.messagedispatch.provider.ProviderClient;
import io.messagedispatch.provider.ProviderResult;
import io.messagedispatch.queue.DeliveryOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Sends one claimed message and decides its outcome. A stored message that breaks the
 * rules (written straight into MongoDB, say) is failed with the reason without being
 * sent, so it never blocks the messages behind it. Runs concurrently for the messages of
 * a chunk.
 */
class SendingProcessor implements ItemProcessor<Message, DeliveryOutcome> {

	private static final Logger log = LoggerFactory.getLogger(SendingProcessor.class);

	private final MessageRules rules;

	private final ProviderClient provider;

	private final RetrySchedule retrySchedule;

	private final Clock clock;

	private final CurrentRun currentRun;

	SendingProcessor(MessageRules rules, ProviderClient provider, RetrySchedule retrySchedule, Clock clock,
			CurrentRun currentRun) {
		this.currentRun = currentRun;
		this.rules = rules;
		this.provider = provider;
		this.retrySchedule = retrySchedule;
		this.clock = clock;
	}

	/**
	 * Never throws: whatever goes wrong with one message is that message's outcome, so
	 * one bad message or one bad answer never fails the chunk it is in. A message whose
	 * run has ended (or is another run than the one that claimed it) is not POSTed: its
	 * claim may already be back in the queue.
	 */
	@Override
	public DeliveryOutcome process(Message message) {
		DispatchRun run = this.currentRun.find().orElse(null);
		if (run == null || !run.owner().equals(message.owner())) {
			log.warn("Message {} not sent: the run that claimed it has ended", message.id());
			return notSent(message);
		}
		try (MDC.MDCCloseable logContext = MDC.putCloseable(LogContext.MESSAGE_ID, message.id())) {
			if (!run.maySend()) {
				log.warn("Message {} not sent: its run was closed before its turn", message.id());
				return notSent(message);
			}
			return send(message, run);
		}
		catch (RuntimeException ex) {
			String reason = "could not be sent: " + ex.getClass().getSimpleName() + ": " + ex.getMessage();
			log.error("Message {} to {} failed: {}", message.id(), PhoneNumbers.mask(message.phoneNumber()), reason);
			log.debug("Message failure", ex);
			return new DeliveryOutcome.Failed(message.id(), 0, reason);
		}
		finally {
			run.sendEnded(message.id());
		}
	}

	private DeliveryOutcome notSent(Message message) {
		return new DeliveryOutcome.RetryLater(message.id(), 0, "not sent: its run ended first",
				this.clock.instant().truncatedTo(ChronoUnit.MILLIS));
	}

	private DeliveryOutcome send(Message message, DispatchRun run) {
		if (message.expiredAt(this.clock.instant())) {
			log.info("Message {} to {} expired at {} before it could be sent", message.id(),
					PhoneNumbers.mask(message.phoneNumber()), message.expiresAt());
			return new DeliveryOutcome.Expired(message.id(), 0,
					"expired at " + message.expiresAt() + " before it could be sent");
		}
		List<MessageRules.Violation> violations = this.rules.check(message.phoneNumber(), message.content());
		if (!violations.isEmpty()) {
			String reason = "invalid stored message: "
					+ violations.stream().map(Object::toString).collect(Collectors.joining("; "));
			log.warn("Message {} to {} failed without sending: {}", message.id(),
					PhoneNumbers.mask(message.phoneNumber()), reason);
			return new DeliveryOutcome.Failed(message.id(), 0, reason);
		}
		run.awaitingRecord(message.id());
		ProviderResult result = this.provider.send(new OutboundMessage(MessageIds.idempotencyKey(message.id()),
				message.phoneNumber(), message.content(), message.expiresAt()));
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		if (result instanceof ProviderResult.Accepted accepted) {
			return new DeliveryOutcome.Sent(message.id(), accepted.posts(), accepted.providerMessageId(), now);
		}
		if (result instanceof ProviderResult.Rejected rejected) {
			// no POST: the request could not even be built
			String reason = rejected.posts() == 0 ? rejected.reason() : "provider refused: " + rejected.reason();
			return new DeliveryOutcome.Failed(message.id(), rejected.posts(), reason);
		}
		if (result instanceof ProviderResult.Expired expired) {
			return new DeliveryOutcome.Expired(message.id(), expired.posts(), expired.reason());
		}
		if (result instanceof ProviderResult.Paused paused) {
			// not the message's fault: due again at once, no attempt used; the open
			// circuit holds it back
			return new DeliveryOutcome.RetryLater(message.id(), 0, paused.reason(), now);
		}
		return this.retrySchedule.afterUnavailable(message, (ProviderResult.Unavailable) result, now);
	}

}
