package io.messagedispatch.processor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoTimeoutException;
import io.messagedispatch.delivery.DeliveryOverview;
import io.messagedispatch.delivery.DeliverySummary;
import io.messagedispatch.dispatch.DispatchOverview;
import io.messagedispatch.dispatch.DispatchSettings;
import io.messagedispatch.dispatch.ProcessorSwitch;
import io.messagedispatch.dispatch.RunMode;
import io.messagedispatch.dispatch.RunReport;
import io.messagedispatch.message.MessagePage;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;
import io.messagedispatch.message.PageCursor;
import io.messagedispatch.message.WaitingMessages;
import io.messagedispatch.provider.CircuitBreaker;
import io.messagedispatch.retention.Retention;
import io.messagedispatch.retention.RetentionPolicy;
import io.messagedispatch.web.WebSlice;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static io.messagedispatch.message.MessageBuilder.aMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The operators' API in a web slice, with the processor switch, the dispatch overview,
 * the store, the provider circuit, the delivery overview and the retention mocked: start
 * and stop reach the switch, the status shows what the operators read
 * ({@link ProcessorStatus}), the share delivered and the retention in force included, the
 * sent messages keep the shape the old clients read ({@link SentMessage}), and a bad
 * {@code limit} or an empty result is told in the common error body, a bad limit without
 * touching the store.
 */
@WebMvcTest(ProcessorController.class)
@Import(WebSlice.class)
class ProcessorControllerTests {

	private static final DispatchSettings SETTINGS = new DispatchSettings(Duration.ofMinutes(2), Duration.ZERO, 2, 2, 4,
			Duration.ofMinutes(10), Duration.ofSeconds(78), Duration.ofSeconds(708), Duration.ofSeconds(30),
			Duration.ofSeconds(5));

	private static final RunReport RUN = new RunReport("0b6c1f8e-8d0b-4e8f-9a57-0e4fd1b1e2a1", "host-1-4242",
			RunMode.SCHEDULED, RunReport.Outcome.COMPLETED, Instant.parse("2026-05-01T12:02:00Z"),
			Instant.parse("2026-05-01T12:02:00.130Z"), 2, 2, 0, 0, null);

	private static final Instant NOW = Instant.parse("2026-05-01T12:02:30Z");

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private ProcessorSwitch processorSwitch;

	@MockitoBean
	private DispatchOverview dispatch;

	@MockitoBean
	private Messages messages;

	@MockitoBean
	private CircuitBreaker circuit;

	@MockitoBean
	private Retention retention;

	@MockitoBean
	private DeliveryOverview delivery;

	@MockitoBean
	private Clock clock;

	@BeforeEach
	void nothingWaits() {
		given(this.clock.instant()).willReturn(NOW);
		given(this.messages.waiting(Duration.ofSeconds(5))).willReturn(new WaitingMessages(0, 0, null));
	}

	@Test
	void startTurnsTheProcessorOnForTheCluster() {
		assertThat(this.mvc.post().uri("/processor/start")).hasStatusOk()
			.hasContentType(MediaType.APPLICATION_JSON)
			.bodyJson()
			.isStrictlyEqualTo("{\"message\": \"message processor started\"}");
		then(this.processorSwitch).should().start();
		then(this.processorSwitch).shouldHaveNoMoreInteractions();
	}

	@Test
	void stopTurnsTheProcessorOffForTheCluster() {
		assertThat(this.mvc.post().uri("/processor/stop")).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("{\"message\": \"message processor stopped\"}");
		then(this.processorSwitch).should().stop();
		then(this.processorSwitch).shouldHaveNoMoreInteractions();
	}

	@Test
	void startAndStopAreOnlyPosts() {
		assertThat(this.mvc.get().uri("/processor/start")).hasStatus(HttpStatus.METHOD_NOT_ALLOWED);
		assertThat(this.mvc.get().uri("/processor/stop")).hasStatus(HttpStatus.METHOD_NOT_ALLOWED);
		verifyNoInteractions(this.processorSwitch);
	}

	@Test
	void statusShowsTheSettingsNextRunCircuitLatestRunsCountsDeliveryAndRetention() {
		given(this.processorSwitch.isRunning()).willReturn(true);
		given(this.dispatch.settings()).willReturn(SETTINGS);
		given(this.dispatch.nextRunAt()).willReturn(Instant.parse("2026-05-01T12:04:00Z"));
		given(this.dispatch.latestRuns(5)).willReturn(List.of(RUN));
		given(this.circuit.state()).willReturn(CircuitBreaker.State.HALF_OPEN);
		given(this.circuit.reason()).willReturn("20 transient failures in a row");
		given(this.messages.countByStatus()).willReturn(counts(5, 0, 2, 3));
		given(this.messages.waiting(Duration.ofSeconds(5)))
			.willReturn(new WaitingMessages(2, 3, NOW.minus(Duration.ofSeconds(42))));
		given(this.delivery.summary()).willReturn(new DeliverySummary(6, 1, 1, 2, 0.75));
		given(this.retention.policy()).willReturn(new RetentionPolicy(Duration.ofDays(30), Duration.ofHours(24),
				Duration.ofDays(7), Duration.ofHours(24), RetentionPolicy.Deleter.TTL_INDEX, Duration.ofMinutes(1)));

		assertThat(this.mvc.get().uri("/processor/status")).hasStatusOk().bodyJson().isStrictlyEqualTo("""
				{"running": true,
				 "settings": {"interval": "PT2M", "initialDelay": "PT0S", "batchSize": 2, "chunkSize": 2,
				              "sendConcurrency": 4, "maxRunDuration": "PT10M", "lease": "PT1M18S",
				              "lockLease": "PT11M48S", "shutdownTimeout": "PT30S", "clockSkew": "PT5S"},
				 "nextRunAt": "2026-05-01T12:04:00Z",
				 "providerCircuit": "HALF_OPEN", "providerCircuitReason": "20 transient failures in a row",
				 "lastRuns": [{"runId": "0b6c1f8e-8d0b-4e8f-9a57-0e4fd1b1e2a1", "instance": "host-1-4242",
				               "mode": "SCHEDULED", "outcome": "COMPLETED", "startedAt": "2026-05-01T12:02:00Z",
				               "endedAt": "2026-05-01T12:02:00.130Z", "claimed": 2, "sent": 2, "retried": 0,
				               "failed": 0, "error": null}],
				 "messages": {"unsent": 5, "sending": 0, "sent": 2, "failed": 3},
				 "queue": {"due": 2, "scheduled": 3, "oldestDueAge": "PT42S"},
				 "delivery": {"delivered": 6, "undelivered": 1, "failed": 1, "awaitingReport": 2,
				              "deliveredShare": 0.75},
				 "retention": {"settled": "PT720H", "idempotencyKeys": "PT24H", "unmatchedDeliveryReports": "PT168H",
				               "throughputCounters": "PT24H", "deletedBy": "TTL_INDEX", "sweepInterval": "PT1M"}}""");
	}

	@Test
	void stoppedProcessorHasNoNextRun() {
		given(this.processorSwitch.isRunning()).willReturn(false);
		given(this.dispatch.settings()).willReturn(SETTINGS);
		given(this.circuit.state()).willReturn(CircuitBreaker.State.CLOSED);
		given(this.messages.countByStatus()).willReturn(counts(0, 0, 0, 0));

		assertThat(this.mvc.get().uri("/processor/status")).hasStatusOk().bodyJson().satisfies(json -> {
			assertThat(json).extractingPath("$.running").isEqualTo(false);
			assertThat(json).extractingPath("$.nextRunAt").isNull();
			assertThat(json).extractingPath("$.providerCircuit").isEqualTo("CLOSED");
			assertThat(json).extractingPath("$.providerCircuitReason").isNull();
			assertThat(json).extractingPath("$.lastRuns").asArray().isEmpty();
		});
		then(this.dispatch).should(never()).nextRunAt();
	}

	@Test
	void settledMessagesKeptForeverShowAsNoRetention() {
		given(this.dispatch.settings()).willReturn(SETTINGS);
		given(this.circuit.state()).willReturn(CircuitBreaker.State.CLOSED);
		given(this.messages.countByStatus()).willReturn(counts(0, 0, 0, 0));
		given(this.retention.policy()).willReturn(new RetentionPolicy(null, Duration.ofHours(6), Duration.ofDays(7),
				Duration.ofHours(24), RetentionPolicy.Deleter.SWEEP, Duration.ofSeconds(30)));

		assertThat(this.mvc.get().uri("/processor/status")).hasStatusOk().bodyJson().satisfies(json -> {
			assertThat(json).extractingPath("$.retention.settled").isNull();
			assertThat(json).extractingPath("$.retention.idempotencyKeys").isEqualTo("PT6H");
			assertThat(json).extractingPath("$.retention.deletedBy").isEqualTo("SWEEP");
			assertThat(json).extractingPath("$.retention.sweepInterval").isEqualTo("PT30S");
		});
	}

	@Test
	void statusWithNothingDueHasNoOldestDueAge() {
		given(this.dispatch.settings()).willReturn(SETTINGS);
		given(this.circuit.state()).willReturn(CircuitBreaker.State.CLOSED);
		given(this.messages.countByStatus()).willReturn(counts(4, 0, 0, 0));
		given(this.messages.waiting(Duration.ofSeconds(5))).willReturn(new WaitingMessages(0, 4, null));

		assertThat(this.mvc.get().uri("/processor/status")).hasStatusOk().bodyJson().satisfies(json -> {
			assertThat(json).extractingPath("$.queue.due").isEqualTo(0);
			assertThat(json).extractingPath("$.queue.scheduled").isEqualTo(4);
			assertThat(json).extractingPath("$.queue.oldestDueAge").isNull();
		});
	}

	@Test
	void statusAnswersWhenTheMessageCountsGiveUpWithTheirPartsNull() {
		given(this.processorSwitch.isRunning()).willReturn(true);
		given(this.dispatch.settings()).willReturn(SETTINGS);
		given(this.circuit.state()).willReturn(CircuitBreaker.State.CLOSED);
		given(this.messages.countByStatus())
			.willThrow(new MongoExecutionTimeoutException(50, "operation exceeded time limit"));
		given(this.messages.waiting(Duration.ofSeconds(5)))
			.willThrow(new MongoExecutionTimeoutException(50, "operation exceeded time limit"));

		assertThat(this.mvc.get().uri("/processor/status")).hasStatusOk().bodyJson().satisfies(json -> {
			assertThat(json).extractingPath("$.running").isEqualTo(true);
			assertThat(json).extractingPath("$.messages").isNull();
			assertThat(json).extractingPath("$.queue").isNull();
			assertThat(json).extractingPath("$.settings.batchSize").isEqualTo(2);
		});
	}

	@Test
	void statusWhileTheStoreIsOutOfReachIsAServiceUnavailable() {
		given(this.processorSwitch.isRunning())
			.willThrow(new MongoTimeoutException("Timed out while waiting for db-internal.example:27017"));

		assertThat(this.mvc.get().uri("/processor/status")).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.bodyJson()
			.extractingPath("$.error")
			.isEqualTo("message store unavailable, try again later");
	}

	@Test
	void sentMessagesAreListedNewestFirstInTheOldClientsShape() {
		Instant newer = Instant.parse("2026-05-01T12:02:00.120Z");
		Instant older = Instant.parse("2026-05-01T12:00:00Z");
		given(this.messages.findSent(10, null))
			.willReturn(new MessagePage(
					List.of(aMessage().id("6650a1b2c3d4e5f601234568").content("two").sent("p-2", newer).build(),
							aMessage().id("6650a1b2c3d4e5f601234567").content("one").sent("p-1", older).build()),
					null));

		assertThat(this.mvc.get().uri("/processor/sent-messages")).hasStatusOk().bodyJson().isStrictlyEqualTo("""
				[{"id": "6650a1b2c3d4e5f601234568", "webhookMessageId": "p-2", "phoneNumber": "+905551111111",
				  "content": "two", "status": "sent", "sentAt": "2026-05-01T12:02:00.120Z"},
				 {"id": "6650a1b2c3d4e5f601234567", "webhookMessageId": "p-1", "phoneNumber": "+905551111111",
				  "content": "one", "status": "sent", "sentAt": "2026-05-01T12:00:00Z"}]""");
	}

	@ParameterizedTest(name = "limit={0}")
	@ValueSource(ints = { 1, 20, 1000 })
	void sentMessagesLimitIsPassedToTheStore(int limit) {
		given(this.messages.findSent(limit, null))
			.willReturn(new MessagePage(List.of(aMessage().sent("p-1", Instant.EPOCH).build()), null));

		assertThat(this.mvc.get().uri("/processor/sent-messages?limit={limit}", limit)).hasStatusOk()
			.doesNotContainHeader(HttpHeaders.LINK);
		then(this.messages).should().findSent(limit, null);
	}

	@Test
	void aFullPageOfSentMessagesLinksToTheNextAndTheNextPageIsReadFromItsCursor() {
		PageCursor first = new PageCursor(new Date(1_777_636_920_120L), new ObjectId("6650a1b2c3d4e5f601234567"));
		PageCursor second = new PageCursor(new Date(1_777_636_800_000L), new ObjectId("6650a1b2c3d4e5f601234500"));
		given(this.messages.findSent(1, null))
			.willReturn(new MessagePage(List.of(aMessage().sent("p-2", Instant.EPOCH).build()), first));
		given(this.messages.findSent(1, first))
			.willReturn(new MessagePage(List.of(aMessage().sent("p-1", Instant.EPOCH).build()), second));

		assertThat(this.mvc.get().uri("/processor/sent-messages?limit=1")).hasStatusOk()
			.hasHeader(HttpHeaders.LINK,
					"</processor/sent-messages?limit=1&cursor=" + first.encode() + ">; rel=\"next\"");
		assertThat(this.mvc.get().uri("/processor/sent-messages?limit=1&cursor=" + first.encode())).hasStatusOk()
			.hasHeader(HttpHeaders.LINK,
					"</processor/sent-messages?limit=1&cursor=" + second.encode() + ">; rel=\"next\"")
			.bodyJson()
			.extractingPath("$[0].webhookMessageId")
			.isEqualTo("p-1");
	}

	@Test
	void aPageAfterTheLastIsAnEmptyListRatherThanNotFound() {
		PageCursor gone = new PageCursor(new Date(1_777_636_800_000L), new ObjectId("6650a1b2c3d4e5f601234567"));
		given(this.messages.findSent(10, gone)).willReturn(new MessagePage(List.of(), null));

		assertThat(this.mvc.get().uri("/processor/sent-messages?cursor=" + gone.encode())).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("[]");
	}

	@Test
	void malformedCursorIsRejectedWithoutTouchingTheStore() {
		assertThat(this.mvc.get().uri("/processor/sent-messages?cursor=abc")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.error")
			.isEqualTo("invalid cursor parameter: pass the cursor of the previous page's Link header unchanged");
		verifyNoInteractions(this.messages);
	}

	@Test
	void noSentMessagesIsNotFoundInTheCommonErrorBody() {
		given(this.messages.findSent(10, null)).willReturn(new MessagePage(List.of(), null));

		assertThat(this.mvc.get().uri("/processor/sent-messages")).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"type": "about:blank", "title": "Not Found", "status": 404, "detail": "no sent messages found",
					 "instance": "/processor/sent-messages", "error": "no sent messages found"}""");
	}

	@ParameterizedTest(name = "limit={0}")
	@ValueSource(strings = { "0", "1001", "-5", "abc", "2.5", "", "99999" })
	void invalidLimitIsRejectedWithoutTouchingTheStore(String limit) {
		assertThat(this.mvc.get().uri("/processor/sent-messages?limit={limit}", limit))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"type": "about:blank", "title": "Bad Request", "status": 400, "detail": "invalid limit parameter",
					 "instance": "/processor/sent-messages", "error": "invalid limit parameter"}""");
		verifyNoInteractions(this.messages);
	}

	private static Map<MessageStatus, Long> counts(long unsent, long sending, long sent, long failed) {
		Map<MessageStatus, Long> counts = new EnumMap<>(MessageStatus.class);
		counts.put(MessageStatus.UNSENT, unsent);
		counts.put(MessageStatus.SENDING, sending);
		counts.put(MessageStatus.SENT, sent);
		counts.put(MessageStatus.FAILED, failed);
		return counts;
	}

}
