package io.messagedispatch.dispatch.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import com.mongodb.MongoException;
import io.messagedispatch.dispatch.ProcessorSwitch;
import io.messagedispatch.dispatch.run.DispatchMetrics;
import io.messagedispatch.dispatch.run.DispatchTimings;
import io.messagedispatch.message.Message;
import io.messagedispatch.provider.CircuitBreaker;
import io.messagedispatch.queue.ClaimStream;
import io.messagedispatch.queue.ImportedMessages;
import io.messagedispatch.queue.MessageQueue;
import io.messagedispatch.support.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import static io.messagedispatch.message.MessageBuilder.aMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

/**
 * The reader's contract: before the first claim it puts back expired claims and adopts
 * imported documents; then it claims a whole chunk at a time and stops between chunks at
 * the run's budget or deadline, on shutdown, while the circuit is open or when the
 * processor was stopped. The queue is mocked at its edge: its own behaviour has the store
 * contract tests.
 */
class ClaimingMessageReaderTests {

	private static final String OWNER = "instance-a/run-1";

	private static final int CHUNK = 3;

	private static final Duration LEASE = Duration.ofMinutes(2);

	private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	private static final Instant START = Instant.parse("2026-05-01T12:00:00Z");

	private static final Instant DEADLINE = START.plus(Duration.ofMinutes(10));

	private final MutableClock clock = new MutableClock(START);

	private final MessageQueue queue = mock(MessageQueue.class);

	private final ClaimStream claims = mock(ClaimStream.class);

	private final ImportedMessages imported = mock(ImportedMessages.class);

	private final ProcessorSwitch processorSwitch = mock(ProcessorSwitch.class);

	private final CircuitBreaker circuit = mock(CircuitBreaker.class);

	private final AtomicBoolean shuttingDown = new AtomicBoolean();

	private final DispatchTimings timings = mock(DispatchTimings.class);

	private final DispatchMetrics metrics = mock(DispatchMetrics.class);

	private final CurrentRun currentRun = new CurrentRun();

	/** What the claim stream still finds due, oldest first. */
	private final Deque<Message> due = new ArrayDeque<>();

	private final ClaimingMessageReader reader = new ClaimingMessageReader(this.queue, this.imported,
			this.processorSwitch, this.circuit, this.shuttingDown::get, this.currentRun, CHUNK, this.timings,
			this.clock, this.metrics);

	@BeforeEach
	void openQueueAndHealthyProvider() {
		when(this.timings.lease()).thenReturn(LEASE);
		when(this.timings.clockSkew()).thenReturn(CLOCK_SKEW);
		when(this.processorSwitch.isRunning()).thenReturn(true);
		when(this.circuit.isAcceptingTraffic()).thenReturn(true);
		when(this.queue.openClaims(any(), any(), anyInt())).thenReturn(this.claims);
		when(this.claims.next(anyInt())).thenAnswer(invocation -> claimUpTo(invocation.getArgument(0)));
	}

	@Test
	void openPutsBackExpiredClaimsAndAdoptsImportedDocumentsBeforeTheFirstClaim() {
		when(this.queue.releaseExpiredClaims(CLOCK_SKEW)).thenReturn(2);
		begin(10);

		this.reader.open(new ExecutionContext());

		InOrder order = inOrder(this.queue, this.imported, this.metrics);
		order.verify(this.queue).releaseExpiredClaims(CLOCK_SKEW);
		order.verify(this.metrics).reclaimed(2);
		order.verify(this.imported).adopt(1000, START.plus(LEASE).plus(CLOCK_SKEW).plus(Duration.ofDays(1)));
		order.verify(this.queue).openClaims(OWNER, LEASE, CHUNK);
		verify(this.claims, never()).next(anyInt());
	}

	@Test
	void noClaimIsCountedAsReclaimedWhenNoneHadExpired() {
		begin(10);

		this.reader.open(new ExecutionContext());

		verify(this.metrics, never()).reclaimed(anyInt());
	}

	@Test
	void adoptionGoesOnWhileBatchesComeBackFullAndStopsAtTheFirstShortOne() {
		when(this.imported.adopt(eq(1000), any())).thenReturn(1000, 1000, 7);
		begin(10);

		this.reader.open(new ExecutionContext());

		verify(this.imported, times(3)).adopt(eq(1000), any());
	}

	@Test
	void adoptionStopsAfterAHundredBatchesAndLeavesTheRestToLaterRuns() {
		when(this.imported.adopt(eq(1000), any())).thenReturn(1000);
		begin(10);

		this.reader.open(new ExecutionContext());

		verify(this.imported, times(100)).adopt(eq(1000), any());
		verify(this.queue).openClaims(OWNER, LEASE, CHUNK);
	}

	@Test
	void wholeChunkIsClaimedBeforeItsFirstMessageIsHandedOut() {
		dueMessages(5);
		begin(10);
		this.reader.open(new ExecutionContext());

		List<Message> firstChunk = List.of(this.reader.read(), this.reader.read(), this.reader.read());

		assertThat(firstChunk).extracting(Message::content).containsExactly("m0", "m1", "m2");
		verify(this.claims, times(1)).next(anyInt());
		verify(this.claims).next(CHUNK);

		assertThat(readAll()).extracting(Message::content).containsExactly("m3", "m4");
		verify(this.claims, times(3)).next(anyInt());
	}

	@Test
	void chunkIsFilledFromSeveralClaimsWhenOtherRunnersTookSomeOfTheCandidates() {
		Message first = aMessage().content("first").build();
		List<Message> rest = List.of(aMessage().content("second").build(), aMessage().content("third").build());
		when(this.claims.next(anyInt())).thenReturn(List.of(first), rest, List.of());
		begin(10);
		this.reader.open(new ExecutionContext());

		Message read = this.reader.read();

		assertThat(read).isEqualTo(first);
		InOrder order = inOrder(this.claims);
		order.verify(this.claims).next(3);
		order.verify(this.claims).next(2);
		assertThat(readAll()).containsExactlyElementsOf(rest);
	}

	@Test
	void everyMessageHandedOutCountsAsBeingSentByTheRun() {
		dueMessages(2);
		DispatchRun run = begin(10);
		this.reader.open(new ExecutionContext());

		Message first = this.reader.read();

		assertThat(run.stillSending()).containsExactly(first.id());
		Message second = this.reader.read();
		assertThat(run.stillSending()).containsExactlyInAnyOrder(first.id(), second.id());
	}

	@Test
	void runStopsAtItsBudgetEvenWithinAChunk() {
		dueMessages(10);
		begin(4);
		this.reader.open(new ExecutionContext());

		assertThat(readAll()).hasSize(4);

		InOrder order = inOrder(this.claims);
		order.verify(this.claims).next(3);
		order.verify(this.claims).next(1);
		verify(this.claims, times(2)).next(anyInt());
	}

	@Test
	void runWithoutBudgetClaimsNothing() {
		dueMessages(3);
		begin(0);
		this.reader.open(new ExecutionContext());

		assertThat(this.reader.read()).isNull();
		verify(this.claims, never()).next(anyInt());
	}

	@Test
	void deadlineStopsClaimingBetweenChunksButNotWithinOne() {
		dueMessages(10);
		begin(10);
		this.reader.open(new ExecutionContext());
		this.reader.read();

		this.clock.advance(Duration.between(START, DEADLINE));

		assertThat(this.reader.read()).as("the chunk claimed before the deadline is still handed out").isNotNull();
		assertThat(this.reader.read()).isNotNull();
		assertThat(this.reader.read()).as("the deadline itself is too late").isNull();
		verify(this.claims, times(1)).next(anyInt());
	}

	@Test
	void shutdownStopsClaimingBetweenChunks() {
		dueMessages(10);
		begin(10);
		this.reader.open(new ExecutionContext());
		this.reader.read();

		this.shuttingDown.set(true);

		assertThat(readAll()).hasSize(2);
		verify(this.claims, times(1)).next(anyInt());
	}

	@Test
	void openCircuitStopsClaimingBeforeTheNextChunk() {
		dueMessages(10);
		begin(10);
		this.reader.open(new ExecutionContext());
		this.reader.read();

		when(this.circuit.isAcceptingTraffic()).thenReturn(false);

		assertThat(readAll()).hasSize(2);
		verify(this.claims, times(1)).next(anyInt());
	}

	@Test
	void stoppedProcessorStopsClaimingBeforeTheNextChunk() {
		dueMessages(10);
		begin(10);
		this.reader.open(new ExecutionContext());
		this.reader.read();

		when(this.processorSwitch.isRunning()).thenReturn(false);

		assertThat(readAll()).hasSize(2);
		verify(this.claims, times(1)).next(anyInt());
	}

	@Test
	void runThatEndedEarlyDoesNotResumeWhenTheCauseGoesAway() {
		dueMessages(10);
		begin(10);
		when(this.circuit.isAcceptingTraffic()).thenReturn(false);
		this.reader.open(new ExecutionContext());
		assertThat(this.reader.read()).isNull();

		when(this.circuit.isAcceptingTraffic()).thenReturn(true);

		assertThat(this.reader.read()).isNull();
		verify(this.claims, never()).next(anyInt());
	}

	@Test
	void emptyQueueEndsTheRunWithoutQueryingAgain() {
		begin(10);
		this.reader.open(new ExecutionContext());

		assertThat(this.reader.read()).isNull();
		dueMessages(2);

		assertThat(this.reader.read()).as("what became due meanwhile waits for the next run").isNull();
		verify(this.claims, times(1)).next(anyInt());
	}

	@Test
	void storeFailureWhileFillingAChunkFailsTheReadAndHandsOutNoneOfIt() {
		Message claimedFirst = aMessage().build();
		when(this.claims.next(anyInt())).thenReturn(List.of(claimedFirst))
			.thenThrow(new MongoException("connection reset"));
		DispatchRun run = begin(10);
		this.reader.open(new ExecutionContext());

		assertThatExceptionOfType(MongoException.class).isThrownBy(this.reader::read);

		assertThat(run.stillSending()).as("its claim may be put back: no POST holds it").isEmpty();
	}

	@Test
	void closeClosesTheRunsQueryOnce() {
		begin(10);
		this.reader.open(new ExecutionContext());

		this.reader.close();
		this.reader.close();

		verify(this.claims, times(1)).close();
	}

	@Test
	void nextRunStartsAfreshWithItsOwnOwnerBudgetAndDeadline() {
		dueMessages(2);
		begin(10);
		this.reader.open(new ExecutionContext());
		assertThat(readAll()).hasSize(2);
		this.reader.close();
		ClaimStream nextClaims = mock(ClaimStream.class);
		when(this.queue.openClaims(eq("instance-a/run-2"), any(), anyInt())).thenReturn(nextClaims);
		when(nextClaims.next(anyInt())).thenAnswer(invocation -> claimUpTo(invocation.getArgument(0)));
		dueMessages(5);
		this.clock.advance(Duration.ofMinutes(20));
		this.currentRun.begin(new DispatchRun("run-2", "instance-a/run-2", 1, this.clock.instant().plusSeconds(60)));

		this.reader.open(new ExecutionContext());

		assertThat(readAll()).as("the budget of the new run").hasSize(1);
		verify(nextClaims).next(1);
		verifyNoMoreInteractions(nextClaims);
	}

	private DispatchRun begin(long limit) {
		DispatchRun run = new DispatchRun("run-1", OWNER, limit, DEADLINE);
		this.currentRun.begin(run);
		return run;
	}

	private void dueMessages(int count) {
		IntStream.range(0, count).forEach(i -> this.due.add(aMessage().content("m" + i).build()));
	}

	private List<Message> claimUpTo(int max) {
		List<Message> claimed = new ArrayList<>();
		while (claimed.size() < max && !this.due.isEmpty()) {
			claimed.add(this.due.poll());
		}
		return claimed;
	}

	/** Reads until the reader ends the run, as the step does. */
	private List<Message> readAll() {
		List<Message> read = new ArrayList<>();
		for (Message next = this.reader.read(); next != null; next = this.reader.read()) {
			read.add(next);
		}
		return read;
	}

}
