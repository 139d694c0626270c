package io.messagedispatch.dispatch.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.messagedispatch.message.Attempt;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessageBuilder;
import io.messagedispatch.message.MessageIds;
import io.messagedispatch.message.MessageProperties;
import io.messagedispatch.message.MessageRules;
import io.messagedispatch.observability.LogContext;
import io.messagedispatch.provider.OutboundMessage;
import io.messagedispatch.provider.PostAttempt;
import io.messagedispatch.provider.ProviderClient;
import io.messagedispatch.provider.ProviderResult;
import io.messagedispatch.queue.DeliveryOutcome;
import io.messagedispatch.support.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static io.messagedispatch.message.MessageBuilder.aMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * The processor's contract with the chunk it runs in: it never throws, it POSTs only a
 * message its own open run holds, and it turns every answer of the provider into the
 * outcome the writer records.
 */
class SendingProcessorTests {

	private static final String OWNER = "instance-a/run-1";

	/** Sub-millisecond on purpose: outcomes carry times MongoDB can store exactly. */
	private static final Instant NOW = Instant.parse("2026-05-01T12:00:00.123456789Z");

	private static final Instant TRUNCATED_NOW = Instant.parse("2026-05-01T12:00:00.123Z");

	private final MutableClock clock = new MutableClock(NOW);

	private final ProviderClient provider = mock(ProviderClient.class);

	private final CurrentRun currentRun = new CurrentRun();

	private final DispatchRun run = new DispatchRun("run-1", OWNER, 100, NOW.plusSeconds(600));

	private final SendingProcessor processor = new SendingProcessor(
			new MessageRules(new MessageProperties(160, 1000, Duration.ofHours(24), Duration.ofDays(35), null)),
			this.provider,
			new RetrySchedule(new DeliveryProperties(3, List.of(Duration.ofSeconds(5), Duration.ofSeconds(30)), 0)),
			this.clock, this.currentRun);

	@BeforeEach
	void runInFlight() {
		this.currentRun.begin(this.run);
	}

	@AfterEach
	void noLogContextLeftBehind() {
		assertThat(MDC.get(LogContext.MESSAGE_ID)).isNull();
	}

	@Test
	void acceptedMessageIsSentWithTheProvidersIdItsPostsAndAMillisecondTime() {
		Message message = handedOut(aMessage().content("your code is 1234"));
		when(this.provider.send(any())).thenReturn(new ProviderResult.Accepted("prov-7", 2));

		DeliveryOutcome outcome = this.processor.process(message);

		assertThat(outcome).usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new DeliveryOutcome.Sent(message.id(), 2, "prov-7", TRUNCATED_NOW));
		verify(this.provider).send(new OutboundMessage(message.id(), message.phoneNumber(), "your code is 1234"));
	}

	@Test
	void everyPostGoesToTheAttemptLogWithTheLastOneTakingTheMessagesOutcome() {
		Message message = handedOut(aMessage());
		PostAttempt busy = new PostAttempt(NOW, 503, "HTTP 503", 40, "busy");
		PostAttempt taken = new PostAttempt(NOW.plusSeconds(1), 202, null, 12, "{\"messageId\":\"prov-7\"}");
		when(this.provider.send(any())).thenReturn(new ProviderResult.Accepted("prov-7", 2, List.of(busy, taken)));

		DeliveryOutcome outcome = this.processor.process(message);

		assertThat(outcome.log()).containsExactly(
				new Attempt(NOW, "instance-a", "run-1", Attempt.Outcome.RETRY, 503, "HTTP 503", 40, "busy"),
				new Attempt(NOW.plusSeconds(1), "instance-a", "run-1", Attempt.Outcome.SENT, 202, null, 12,
						"{\"messageId\":\"prov-7\"}"));
	}

	@Test
	void lastPostOfAMessageGivenUpOnIsLoggedFailedAndOfOneToTryAgainRetry() {
		PostAttempt down = new PostAttempt(NOW, 500, "HTTP 500", 5, null);
		Message lastChance = handedOut(aMessage().attempts(2));
		Message firstTry = handedOut(aMessage());
		when(this.provider.send(any())).thenReturn(new ProviderResult.Unavailable("HTTP 500", 1, null, List.of(down)));

		assertThat(this.processor.process(lastChance).log()).extracting(Attempt::outcome)
			.containsExactly(Attempt.Outcome.FAILED);
		assertThat(this.processor.process(firstTry).log()).extracting(Attempt::outcome)
			.containsExactly(Attempt.Outcome.RETRY);
	}

	@Test
	void messageGivenUpOnBeforeAnyPostHasOneNotSentEntryWithTheReason() {
		Message message = handedOut(aMessage().phoneNumber("not a number"));

		DeliveryOutcome outcome = this.processor.process(message);

		assertThat(outcome.log()).singleElement().satisfies(entry -> {
			assertThat(entry.outcome()).isEqualTo(Attempt.Outcome.NOT_SENT);
			assertThat(entry.error()).isEqualTo(outcome.error()).startsWith("invalid stored message");
			assertThat(entry.httpStatus()).isNull();
			assertThat(entry.at()).isEqualTo(TRUNCATED_NOW);
			assertThat(entry.instance()).isEqualTo("instance-a");
			assertThat(entry.runId()).isEqualTo("run-1");
		});
	}

	@Test
	void messagePutBackUntouchedAddsNothingToItsLog() {
		Message message = handedOut(aMessage());
		this.currentRun.end();

		assertThat(this.processor.process(message).log()).isEmpty();
	}

	@Test
	void postedMessageKeepsItsClaimAfterItsSendEndsUntilTheWriterIsDone() {
		Message message = handedOut(aMessage());
		when(this.provider.send(any())).thenReturn(new ProviderResult.Accepted("prov-7", 1));

		this.processor.process(message);

		assertThat(this.run.stillSending()).isEmpty();
		assertThat(this.run.unreleasable()).as("a run broken off now must not put it back: it was POSTed")
			.containsExactly(message.id());
		this.run.writerDone(List.of(message.id()));
		assertThat(this.run.unreleasable()).isEmpty();
	}

	@Test
	void messageFailedWithoutAPostCanBePutBackAtOnce() {
		Message message = handedOut(aMessage().phoneNumber("not a number"));

		this.processor.process(message);

		assertThat(this.run.unreleasable()).isEmpty();
		verifyNoInteractions(this.provider);
	}

	@Test
	void messageWhoseIdIsNoHeaderValueIsSentUnderItsHashedIdempotencyKey() {
		Message message = handedOut(aMessage().id("order 42"));
		when(this.provider.send(any())).thenReturn(new ProviderResult.Accepted("prov-1", 1));

		this.processor.process(message);

		verify(this.provider)
			.send(new OutboundMessage(MessageIds.idempotencyKey("order 42"), message.phoneNumber(), message.content()));
		assertThat(MessageIds.idempotencyKey("order 42")).startsWith("~sha256:");
	}

	@Test
	void messageWhoseTimeRanOutAfterItsClaimIsExpiredWithoutAPost() {
		Message message = handedOut(aMessage().expiresAt(NOW));

		DeliveryOutcome outcome = this.processor.process(message);

		assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Expired.class, expired -> {
			assertThat(expired.posts()).isZero();
			assertThat(expired.error()).isEqualTo("expired at " + NOW + " before it could be sent");
		});
		verifyNoInteractions(this.provider);
		assertThat(this.run.unreleasable()).isEmpty();
	}

	@Test
	void messageStillValidIsSentWithItsExpirySoTheClientStopsRetryingAtIt() {
		Message message = handedOut(aMessage().expiresAt(NOW.plusSeconds(30)));
		when(this.provider.send(any())).thenReturn(new ProviderResult.Expired("expired at the retry", 1));

		DeliveryOutcome outcome = this.processor.process(message);

		verify(this.provider)
			.send(new OutboundMessage(message.id(), message.phoneNumber(), message.content(), NOW.plusSeconds(30)));
		assertThat(outcome).usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new DeliveryOutcome.Expired(message.id(), 1, "expired at the retry"));
	}

	@Test
	void providerPauseBecomesRetryLaterWithoutCountingAPost() {
		Message message = handedOut(aMessage());
		when(this.provider.send(any()))
			.thenReturn(new ProviderResult.Paused("provider refused the service: HTTP 401", 1));

		DeliveryOutcome outcome = this.processor.process(message);

		assertThat(outcome).as("due again at once: the open circuit holds it back, not a backoff")
			.usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new DeliveryOutcome.RetryLater(message.id(), 0, "provider refused the service: HTTP 401",
					TRUNCATED_NOW));
	}

	@Test
	void pauseOnTheLastAttemptLeavesTheMessageWaitingRatherThanFailed() {
		Message message = handedOut(aMessage().attempts(2));
		when(this.provider.send(any())).thenReturn(new ProviderResult.Paused("provider refused the service", 1));

		assertThat(this.processor.process(message)).isInstanceOf(DeliveryOutcome.RetryLater.class);
	}

	@Test
	void providerRefusalFailsTheMessageWithTheProvidersAnswer() {
		Message message = handedOut(aMessage());
		when(this.provider.send(any())).thenReturn(new ProviderResult.Rejected("HTTP 400: unknown number", 1));

		assertThat(this.processor.process(message)).usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new DeliveryOutcome.Failed(message.id(), 1, "provider refused: HTTP 400: unknown number"));
	}

	@Test
	void requestThatCouldNotBeBuiltFailsWithItsOwnReasonAndNoPost() {
		Message message = handedOut(aMessage());
		when(this.provider.send(any()))
			.thenReturn(new ProviderResult.Rejected("could not build the request: IllegalArgumentException", 0));

		assertThat(this.processor.process(message)).usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new DeliveryOutcome.Failed(message.id(), 0,
					"could not build the request: IllegalArgumentException"));
	}

	@Test
	void unavailableProviderMakesTheMessageDueAgainAfterTheBackoffForItsAttempts() {
		Message message = handedOut(aMessage().attempts(1));
		when(this.provider.send(any())).thenReturn(new ProviderResult.Unavailable("HTTP 503", 1, null));

		assertThat(this.processor.process(message)).as("2 attempts now: the second backoff step")
			.usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new DeliveryOutcome.RetryLater(message.id(), 1, "HTTP 503", TRUNCATED_NOW.plusSeconds(30)));
	}

	@Test
	void unavailableProviderOnTheLastAttemptFailsTheMessage() {
		Message message = handedOut(aMessage().attempts(1));
		when(this.provider.send(any())).thenReturn(new ProviderResult.Unavailable("timed out", 2, null));

		assertThat(this.processor.process(message)).usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new DeliveryOutcome.Failed(message.id(), 2, "gave up after 3 attempts: timed out"));
	}

	@Test
	void invalidStoredMessageFailsWithEveryBrokenRuleWithoutAPost() {
		Message message = handedOut(aMessage().phoneNumber("0555 111 11 11").content(" "));

		DeliveryOutcome outcome = this.processor.process(message);

		assertThat(outcome).usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new DeliveryOutcome.Failed(message.id(), 0,
					"invalid stored message: phoneNumber must be in E.164 format, e.g. +905551111111;"
							+ " content must not be empty"));
		verifyNoInteractions(this.provider);
		assertThat(this.run.stillSending()).isEmpty();
	}

	@Test
	void messageOfARunThatHasEndedIsNotSentAndIsDueAgainAtOnce() {
		Message message = handedOut(aMessage());
		this.currentRun.end();

		DeliveryOutcome outcome = this.processor.process(message);

		assertThat(outcome).usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new DeliveryOutcome.RetryLater(message.id(), 0, "not sent: its run ended first", TRUNCATED_NOW));
		verifyNoInteractions(this.provider);
	}

	@Test
	void messageClaimedByAnEarlierRunIsNotSentByTheRunInFlight() {
		Message stale = aMessage().claimedBy("instance-a/run-0", NOW.plusSeconds(60)).build();

		DeliveryOutcome outcome = this.processor.process(stale);

		assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.RetryLater.class, retry -> {
			assertThat(retry.posts()).isZero();
			assertThat(retry.nextAttemptAt()).isEqualTo(TRUNCATED_NOW);
		});
		verifyNoInteractions(this.provider);
	}

	@Test
	void messageWhoseRunWasClosedBeforeItsTurnIsNotSentAndNoLongerCountsAsBeingSent() {
		Message message = handedOut(aMessage());
		this.run.close();

		DeliveryOutcome outcome = this.processor.process(message);

		assertThat(outcome).usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new DeliveryOutcome.RetryLater(message.id(), 0, "not sent: its run ended first", TRUNCATED_NOW));
		verifyNoInteractions(this.provider);
		assertThat(this.run.stillSending()).isEmpty();
	}

	@Test
	void messageCountsAsBeingSentWhileItsPostIsInFlightAndNotOnceItsOutcomeIsDecided() {
		Message message = handedOut(aMessage());
		AtomicReference<Set<String>> sendingDuringPost = new AtomicReference<>();
		AtomicReference<String> logContextDuringPost = new AtomicReference<>();
		when(this.provider.send(any())).thenAnswer(invocation -> {
			sendingDuringPost.set(this.run.stillSending());
			logContextDuringPost.set(MDC.get(LogContext.MESSAGE_ID));
			return new ProviderResult.Accepted("prov-1", 1);
		});

		this.processor.process(message);

		assertThat(sendingDuringPost.get()).as("its claim must not be put back during the POST")
			.containsExactly(message.id());
		assertThat(logContextDuringPost.get()).isEqualTo(message.id());
		assertThat(this.run.stillSending()).isEmpty();
	}

	@Test
	void runClosedWhileThePostIsInFlightStillGetsTheSentOutcome() {
		Message message = handedOut(aMessage());
		when(this.provider.send(any())).thenAnswer(invocation -> {
			this.run.close();
			return new ProviderResult.Accepted("prov-1", 1);
		});

		assertThat(this.processor.process(message)).isInstanceOf(DeliveryOutcome.Sent.class);
		assertThat(this.run.stillSending()).isEmpty();
	}

	@Test
	void unexpectedExceptionBecomesTheMessagesFailureInsteadOfFailingTheChunk() {
		Message message = handedOut(aMessage());
		when(this.provider.send(any())).thenThrow(new IllegalStateException("connection pool shut down"));

		DeliveryOutcome outcome = this.processor.process(message);

		assertThat(outcome).usingRecursiveComparison()
			.withStrictTypeChecking()
			.ignoringFields("log")
			.isEqualTo(new DeliveryOutcome.Failed(message.id(), 0,
					"could not be sent: IllegalStateException: connection pool shut down"));
		assertThat(this.run.stillSending()).as("the runner must not wait for it").isEmpty();
	}

	/**
	 * A message as the reader hands it out: claimed by the run and counted as sending.
	 */
	private Message handedOut(MessageBuilder builder) {
		Message message = builder.claimedBy(OWNER, NOW.plusSeconds(60)).build();
		this.run.sendStarted(message.id());
		return message;
	}

}
