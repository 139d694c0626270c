package io.messagedispatch.dispatch.job;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.messagedispatch.message.Attempt;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessageIds;
import io.messagedispatch.message.MessageRules;
import io.messagedispatch.message.PhoneNumbers;
import io.messagedispatch.observability.LogContext;
import io.messagedispatch.provider.OutboundMessage;
import io.messagedispatch.provider.PostAttempt;
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
			return notPosted(new DeliveryOutcome.Failed(message.id(), 0, reason), run);
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
			return notPosted(new DeliveryOutcome.Expired(message.id(), 0,
					"expired at " + message.expiresAt() + " before it could be sent"), run);
		}
		List<MessageRules.Violation> violations = this.rules.check(message.phoneNumber(), message.content());
		if (!violations.isEmpty()) {
			String reason = "invalid stored message: "
					+ violations.stream().map(Object::toString).collect(Collectors.joining("; "));
			log.warn("Message {} to {} failed without sending: {}", message.id(),
					PhoneNumbers.mask(message.phoneNumber()), reason);
			return notPosted(new DeliveryOutcome.Failed(message.id(), 0, reason), run);
		}
		run.awaitingRecord(message.id());
		ProviderResult result = this.provider.send(new OutboundMessage(MessageIds.idempotencyKey(message.id()),
				message.phoneNumber(), message.content(), message.expiresAt()));
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		DeliveryOutcome outcome = decide(message, result, now);
		if (result.log().isEmpty()) {
			boolean givenUp = outcome instanceof DeliveryOutcome.Failed || outcome instanceof DeliveryOutcome.Expired;
			return (givenUp && outcome.posts() == 0) ? notPosted(outcome, run) : outcome;
		}
		return outcome.withLog(posted(result.log(), outcome, run));
	}

	private DeliveryOutcome decide(Message message, ProviderResult result, Instant now) {
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

	/**
	 * The outcome with one entry saying why the message was given up on before any POST;
	 * a message put back for later gets none, as nothing happened to it.
	 */
	private DeliveryOutcome notPosted(DeliveryOutcome outcome, DispatchRun run) {
		return outcome.withLog(List.of(new Attempt(this.clock.instant().truncatedTo(ChronoUnit.MILLIS), run.instance(),
				run.id(), Attempt.Outcome.NOT_SENT, null, outcome.error(), 0, null)));
	}

	/**
	 * One entry per POST: the ones before the last were retried within the call; the last
	 * one's outcome is the message's.
	 */
	private static List<Attempt> posted(List<PostAttempt> posts, DeliveryOutcome outcome, DispatchRun run) {
		Attempt.Outcome last = (outcome instanceof DeliveryOutcome.Sent) ? Attempt.Outcome.SENT
				: (outcome instanceof DeliveryOutcome.RetryLater) ? Attempt.Outcome.RETRY : Attempt.Outcome.FAILED;
		List<Attempt> log = new ArrayList<>(posts.size());
		for (int index = 0; index < posts.size(); index++) {
			PostAttempt post = posts.get(index);
			log.add(new Attempt(post.at(), run.instance(), run.id(),
					(index == posts.size() - 1) ? last : Attempt.Outcome.RETRY, post.httpStatus(), post.error(),
					post.latencyMs(), post.responseExcerpt()));
		}
		return log;
	}

}
