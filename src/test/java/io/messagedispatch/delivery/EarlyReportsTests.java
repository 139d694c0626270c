package io.messagedispatch.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.mongodb.MongoException;
import io.messagedispatch.delivery.store.ReportedMessages;
import io.messagedispatch.delivery.store.UnmatchedReports;
import io.messagedispatch.queue.SendsRecorded;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

/**
 * Looking for the reports that came before their send: one lookup per recorded chunk, a
 * write only for a report found, and a store failure that never fails the recording but
 * has the chunk's ids looked up again with the next one.
 */
class EarlyReportsTests {

	private static final DeliveryReport EARLY = new DeliveryReport("p-1", DeliveryStatus.DELIVERED,
			Instant.parse("2026-05-01T12:00:00Z"), null);

	private final ReportedMessages messages = mock(ReportedMessages.class);

	private final UnmatchedReports unmatched = mock(UnmatchedReports.class);

	private final EarlyReports early = new EarlyReports(this.messages, this.unmatched);

	@Test
	void reportsKeptForTheRecordedIdsAreAppliedAndForgotten() {
		given(this.unmatched.keptFor(Set.of("p-1", "p-2"))).willReturn(List.of(EARLY));

		this.early.onSendsRecorded(new SendsRecorded(Set.of("p-1", "p-2")));

		then(this.unmatched).should().keptFor(Set.of("p-1", "p-2"));
		then(this.messages).should().apply(EARLY);
		then(this.unmatched).should().forget(EARLY);
		then(this.unmatched).shouldHaveNoMoreInteractions();
	}

	@Test
	void nothingKeptMeansOneLookupAndNoWrite() {
		given(this.unmatched.keptFor(anyCollection())).willReturn(List.of());

		this.early.onSendsRecorded(new SendsRecorded(Set.of("p-1")));

		then(this.messages).shouldHaveNoInteractions();
		then(this.unmatched).should(never()).forget(EARLY);
	}

	@Test
	void idsThatCouldNotBeLookedUpAreLookedUpWithTheNextChunksAndTheFailureNeverSpreads() {
		given(this.unmatched.keptFor(Set.of("p-1"))).willThrow(new MongoException("connection reset"));
		given(this.unmatched.keptFor(Set.of("p-1", "p-2"))).willReturn(List.of(EARLY));

		assertThatNoException().isThrownBy(() -> this.early.onSendsRecorded(new SendsRecorded(Set.of("p-1"))));
		this.early.onSendsRecorded(new SendsRecorded(Set.of("p-2")));

		then(this.messages).should().apply(EARLY);
		then(this.unmatched).should().forget(EARLY);
	}

}
