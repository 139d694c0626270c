package io.messagedispatch.delivery;

import java.time.Duration;
import java.util.Map;

import com.mongodb.MongoExecutionTimeoutException;
import io.messagedispatch.delivery.store.ReportedMessages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * What the status shows of delivery reports, and that a count that gives up leaves the
 * rest of the status readable.
 */
class DeliveryOverviewTests {

	private final ReportedMessages messages = mock(ReportedMessages.class);

	private final DeliveryOverview overview = new DeliveryOverview(this.messages);

	@Test
	void sentMessagesAreCountedByTheirLastReportWithTheShareDelivered() {
		given(this.messages.countSentByDelivery(any(Duration.class)))
			.willReturn(Map.of("delivered", 6L, "undelivered", 1L, "failed", 1L, "none", 2L));

		assertThat(this.overview.summary()).isEqualTo(new DeliverySummary(6, 1, 1, 2, 0.75));
	}

	@Test
	void countThatGivesUpLeavesTheSummaryOutInsteadOfFailingTheStatus() {
		given(this.messages.countSentByDelivery(any(Duration.class)))
			.willThrow(new MongoExecutionTimeoutException(50, "operation exceeded time limit"));

		assertThat(this.overview.summary()).isNull();
	}

}
