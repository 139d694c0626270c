package io.messagedispatch.throughput;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import io.messagedispatch.dispatch.MessagesDispatched;
import io.messagedispatch.support.InMemoryMongo;
import io.messagedispatch.support.MutableClock;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The cluster's per-minute counters on the embedded store, with the clock moved by hand:
 * each chunk's counts go to the minute it was recorded in, every instance adds to the
 * same counters, a minute is read back with zeros where nothing was dispatched; and the
 * counters never hold dispatch up: a failing write is logged and dropped, a stalled one
 * leaves the chunks recorded meanwhile to one later write, and counts still waiting at
 * shutdown are written.
 */
@ExtendWith(OutputCaptureExtension.class)
class ThroughputCountersTests {

	private static final Instant START = Instant.parse("2026-05-01T12:00:10Z");

	@RegisterExtension
	static final InMemoryMongo server = new InMemoryMongo();

	private final MutableClock clock = new MutableClock(START);

	private MongoTemplate mongo;

	@BeforeEach
	void freshDatabase() {
		this.mongo = server.freshDatabase("throughput");
	}

	@Test
	void chunksAddUpInTheMinuteTheyWereRecordedInAndMinutesWithoutAnyCountZero() throws Exception {
		ThroughputCounters counters = new ThroughputCounters(new ThroughputCollection(this.mongo), this.clock);
		counters.onDispatched(new MessagesDispatched(2, 1, 0));
		counters.onDispatched(new MessagesDispatched(3, 0, 1));
		this.clock.advance(Duration.ofMinutes(2));
		counters.onDispatched(new MessagesDispatched(1, 0, 0));

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(counters.lastMinutes(4)).containsExactly(
					MinuteCount.none(Instant.parse("2026-05-01T11:59:00Z")),
					new MinuteCount(Instant.parse("2026-05-01T12:00:00Z"), 5, 1, 1),
					MinuteCount.none(Instant.parse("2026-05-01T12:01:00Z")),
					new MinuteCount(Instant.parse("2026-05-01T12:02:00Z"), 1, 0, 0)));
		counters.destroy();
	}

	@Test
	void everyInstanceAddsToTheSameCounters() throws Exception {
		ThroughputCounters one = new ThroughputCounters(new ThroughputCollection(this.mongo), this.clock);
		ThroughputCounters other = new ThroughputCounters(new ThroughputCollection(this.mongo), this.clock);

		one.onDispatched(new MessagesDispatched(4, 2, 1));
		other.onDispatched(new MessagesDispatched(6, 0, 3));

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(other.lastMinutes(1))
				.containsExactly(new MinuteCount(Instant.parse("2026-05-01T12:00:00Z"), 10, 4, 2)));
		assertThat(this.mongo.getCollection(ThroughputCollection.COLLECTION).countDocuments()).isOne();
		one.destroy();
		other.destroy();
	}

	@Test
	void theOldestMinuteComesFirstAndTheCurrentOneLast() {
		ThroughputCounters counters = new ThroughputCounters(new ThroughputCollection(this.mongo), this.clock);

		List<MinuteCount> day = counters.lastMinutes(1440);

		assertThat(day).hasSize(1440);
		assertThat(day.get(0).minute()).isEqualTo(Instant.parse("2026-04-30T12:01:00Z"));
		assertThat(day.get(1439).minute()).isEqualTo(Instant.parse("2026-05-01T12:00:00Z"));
	}

	@Test
	void aFailingWriteIsLoggedOnceAndDroppedAndNeverReachesDispatch(CapturedOutput output) throws Exception {
		MongoCollection<Document> minutes = collectionMock();
		List<Integer> writes = Collections.synchronizedList(new ArrayList<>());
		given(minutes.bulkWrite(anyList(), any(BulkWriteOptions.class))).willAnswer(invocation -> {
			writes.add(sent(invocation.getArgument(0)));
			if (writes.size() <= 2) {
				throw new MongoException("connection refused");
			}
			return null;
		});
		ThroughputCounters counters = new ThroughputCounters(collection(minutes), this.clock);

		assertThatNoException().isThrownBy(() -> counters.onDispatched(new MessagesDispatched(1, 0, 0)));
		await().atMost(Duration.ofSeconds(10)).until(() -> writes.size() == 1);
		counters.onDispatched(new MessagesDispatched(2, 0, 0));
		await().atMost(Duration.ofSeconds(10)).until(() -> writes.size() == 2);
		counters.onDispatched(new MessagesDispatched(3, 0, 0));
		await().atMost(Duration.ofSeconds(10)).until(() -> writes.size() == 3);
		counters.destroy();

		assertThat(writes).as("dropped, not written again").containsExactly(1, 2, 3);
		assertThat(output.getOut().split("Throughput counters not written", -1)).as("logged once").hasSize(2);
		assertThat(output.getOut()).contains("connection refused", "Throughput counters are written again");
	}

	@Test
	void chunksRecordedWhileAWriteStallsAreTakenAtOnceAndWrittenTogetherAfterIt() throws Exception {
		MongoCollection<Document> minutes = collectionMock();
		List<Integer> writes = Collections.synchronizedList(new ArrayList<>());
		CountDownLatch stalled = new CountDownLatch(1);
		CountDownLatch released = new CountDownLatch(1);
		given(minutes.bulkWrite(anyList(), any(BulkWriteOptions.class))).willAnswer(invocation -> {
			writes.add(sent(invocation.getArgument(0)));
			if (writes.size() == 1) {
				stalled.countDown();
				released.await();
			}
			return null;
		});
		ThroughputCounters counters = new ThroughputCounters(collection(minutes), this.clock);
		counters.onDispatched(new MessagesDispatched(1, 0, 0));
		assertThat(stalled.await(10, TimeUnit.SECONDS)).isTrue();

		long started = System.nanoTime();
		for (int chunk = 0; chunk < 5; chunk++) {
			counters.onDispatched(new MessagesDispatched(2, 0, 0));
		}
		long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		released.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> writes.size() == 2);
		counters.destroy();

		assertThat(tookMillis).as("dispatch never waits for a write").isLessThan(1000);
		assertThat(writes).as("one write for the five chunks").containsExactly(1, 10);
	}

	@Test
	void countsStillWaitingAtShutdownAreWritten() throws Exception {
		ThroughputCounters counters = new ThroughputCounters(new ThroughputCollection(this.mongo), this.clock);
		for (int chunk = 0; chunk < 100; chunk++) {
			counters.onDispatched(new MessagesDispatched(1, 0, 0));
		}

		counters.destroy();

		assertThat(new ThroughputCounters(new ThroughputCollection(this.mongo), this.clock).lastMinutes(1))
			.containsExactly(new MinuteCount(Instant.parse("2026-05-01T12:00:00Z"), 100, 0, 0));
	}

	@SuppressWarnings("unchecked")
	private static MongoCollection<Document> collectionMock() {
		MongoCollection<Document> minutes = mock(MongoCollection.class);
		given(minutes.withTimeout(anyLong(), any(TimeUnit.class))).willReturn(minutes);
		return minutes;
	}

	private static ThroughputCollection collection(MongoCollection<Document> minutes) {
		ThroughputCollection collection = mock(ThroughputCollection.class);
		given(collection.documents()).willReturn(minutes);
		return collection;
	}

	/** The messages sent that one bulk write adds, over all its minutes. */
	private static int sent(List<WriteModel<Document>> increments) {
		return increments.stream().mapToInt(model -> {
			BsonDocument update = ((UpdateOneModel<Document>) model).getUpdate()
				.toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());
			return update.getDocument("$inc").getNumber("sent").intValue();
		}).sum();
	}

}
