package io.messagedispatch.dispatch.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.mongodb.MongoException;
import io.messagedispatch.dispatch.MessagesDispatched;
import io.messagedispatch.dispatch.run.DispatchTimings;
import io.messagedispatch.queue.DeliveryOutcome;
import io.messagedispatch.queue.MessageQueue;
import io.messagedispatch.receipt.Receipt;
import io.messagedispatch.receipt.ReceiptCache;
import io.messagedispatch.support.MutableClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.Chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * The writer's contract: a chunk's outcomes are recorded under the run's claims, and only
 * what was recorded is cached and counted; when the store fails, the decided outcomes are
 * kept to be recorded later instead of being lost (which would POST them again).
 */
class DeliveryWriterTests {

	private static final String OWNER = "instance-a/run-1";

	private static final Instant SENT_AT = Instant.parse("2026-05-01T12:00:00.123Z");

	private final MutableClock clock = new MutableClock(SENT_AT);

	private final MessageQueue queue = mock(MessageQueue.class);

	private final ReceiptCache receipts = mock(ReceiptCache.class);

	private final DispatchTimings timings = mock(DispatchTimings.class);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final CurrentRun currentRun = new CurrentRun();

	private final DispatchRun run = new DispatchRun("run-1", OWNER, 100, SENT_AT.plusSeconds(600));

	private final UnrecordedOutcomes unrecorded = new UnrecordedOutcomes(this.timings, this.clock);

	private final List<Object> published = new ArrayList<>();

	private final DeliveryWriter writer = new DeliveryWriter(this.queue, this.receipts, this.currentRun, this.meters,
			this.unrecorded, this.published::add);

	private final DeliveryOutcome sent = new DeliveryOutcome.Sent("a", 1, "prov-a", SENT_AT);

	private final DeliveryOutcome retried = new DeliveryOutcome.RetryLater("b", 1, "HTTP 503", SENT_AT.plusSeconds(5));

	private final DeliveryOutcome failed = new DeliveryOutcome.Failed("c", 1, "provider refused: HTTP 400");

	@BeforeEach
	void runInFlight() {
		this.currentRun.begin(this.run);
		when(this.timings.lease()).thenReturn(Duration.ofMinutes(2));
		when(this.receipts.putAll(any())).thenReturn(true);
	}

	@Test
	void chunkIsRecordedUnderTheRunsOwnerAndOnlyTheSentOnesAreCached() {
		List<DeliveryOutcome> outcomes = List.of(this.sent, this.retried, this.failed);
		recorded(outcomes, "a", "b", "c");

		this.writer.write(new Chunk<>(outcomes));

		verify(this.queue).record(OWNER, outcomes);
		verify(this.receipts).putAll(Map.of("a", new Receipt("prov-a", SENT_AT)));
		assertThat(counts()).containsExactly(1L, 1L, 1L);
		assertThat(List.of(this.run.sent(), this.run.retried(), this.run.failed())).containsExactly(1L, 1L, 1L);
	}

	@Test
	void whatWasRecordedIsPublishedOncePerChunkWithExpiredAmongTheGivenUp() {
		DeliveryOutcome expired = new DeliveryOutcome.Expired("d", 0, "expired before it could be sent");
		List<DeliveryOutcome> outcomes = List.of(this.sent, this.retried, this.failed, expired);
		recorded(outcomes, "a", "b", "c", "d");

		this.writer.write(new Chunk<>(outcomes));

		assertThat(this.published).containsExactly(new MessagesDispatched(1, 1, 2));
	}

	@Test
	void chunkWhoseOutcomesWereAllTakenOverPublishesNothing() {
		List<DeliveryOutcome> outcomes = List.of(this.sent, this.failed);
		recorded(outcomes);

		this.writer.write(new Chunk<>(outcomes));

		assertThat(this.published).isEmpty();
	}

	@Test
	void sentMessageWithoutAProviderIdIsCachedWithoutOne() {
		DeliveryOutcome anonymous = new DeliveryOutcome.Sent("a", 1, null, SENT_AT);
		recorded(List.of(anonymous), "a");

		this.writer.write(new Chunk<>(anonymous));

		verify(this.receipts).putAll(Map.of("a", new Receipt(null, SENT_AT)));
	}

	@Test
	void outcomesWhoseClaimWasTakenOverAreNeitherCachedNorCounted() {
		List<DeliveryOutcome> outcomes = List.of(this.sent, this.retried, this.failed);
		recorded(outcomes, "b");

		this.writer.write(new Chunk<>(outcomes));

		verify(this.receipts).putAll(Map.of());
		assertThat(counts()).containsExactly(0L, 1L, 0L);
		assertThat(List.of(this.run.sent(), this.run.retried(), this.run.failed())).containsExactly(0L, 1L, 0L);
	}

	@Test
	void countsAddUpOverTheChunksOfARun() {
		recorded(List.of(this.sent), "a");
		DeliveryOutcome alsoSent = new DeliveryOutcome.Sent("d", 1, "prov-d", SENT_AT);
		recorded(List.of(alsoSent), "d");

		this.writer.write(new Chunk<>(this.sent));
		this.writer.write(new Chunk<>(alsoSent));

		assertThat(counts()).containsExactly(2L, 0L, 0L);
		assertThat(this.run.sent()).isEqualTo(2);
	}

	@Test
	void receiptCacheThatCannotTakeTheReceiptsDoesNotUndoTheSend() {
		recorded(List.of(this.sent), "a");
		when(this.receipts.putAll(any())).thenReturn(false);

		this.writer.write(new Chunk<>(this.sent));

		assertThat(counts()).containsExactly(1L, 0L, 0L);
		assertThat(this.run.sent()).isEqualTo(1);
	}

	@Test
	void storeFailureKeepsTheDecidedOutcomesHeldAndFailsTheChunk() {
		List<DeliveryOutcome> outcomes = List.of(this.sent, this.retried, this.failed);
		MongoException outage = new MongoException("connection reset");
		when(this.queue.record(anyString(), anyList())).thenThrow(outage);

		assertThatExceptionOfType(MongoException.class).isThrownBy(() -> this.writer.write(new Chunk<>(outcomes)))
			.isSameAs(outage);

		assertThat(this.unrecorded.heldFor(OWNER)).as("their claims must not be put back")
			.containsExactlyInAnyOrder("a", "b", "c");
		assertThat(this.unrecorded.heldFor("instance-a/run-0")).isEmpty();
		verifyNoInteractions(this.receipts);
		assertThat(counts()).containsExactly(0L, 0L, 0L);
		assertThat(List.of(this.run.sent(), this.run.retried(), this.run.failed())).containsExactly(0L, 0L, 0L);
	}

	@Test
	void keptOutcomesAreRecordedUnderTheSameOwnerOnceTheStoreAnswersAgain() {
		List<DeliveryOutcome> outcomes = List.of(this.sent, this.retried);
		when(this.queue.record(anyString(), anyList())).thenThrow(new MongoException("connection reset"))
			.thenReturn(Set.of("a", "b"));
		assertThatExceptionOfType(MongoException.class).isThrownBy(() -> this.writer.write(new Chunk<>(outcomes)));

		this.unrecorded.flush(this.queue);

		verify(this.queue, times(2)).record(OWNER, outcomes);
		assertThat(this.unrecorded.heldFor(OWNER)).isEmpty();
	}

	@Test
	void writeWithoutARunInFlightRecordsNothing() {
		this.currentRun.end();

		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.writer.write(new Chunk<>(this.sent)));

		verifyNoInteractions(this.queue, this.receipts);
	}

	private void recorded(List<DeliveryOutcome> outcomes, String... ids) {
		when(this.queue.record(OWNER, outcomes)).thenReturn(new LinkedHashSet<>(List.of(ids)));
	}

	/** The outcome counters: sent, retried, failed. */
	private List<Long> counts() {
		return List.of(count("sent"), count("retried"), count("failed"));
	}

	private long count(String outcome) {
		Counter counter = this.meters.find("messaging.dispatch.messages").tag("outcome", outcome).counter();
		return counter == null ? 0 : (long) counter.count();
	}

}
