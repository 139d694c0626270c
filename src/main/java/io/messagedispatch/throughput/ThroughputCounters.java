package io.messagedispatch.throughput;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.messagedispatch.dispatch.MessagesDispatched;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Adds what this instance dispatched to the cluster's per-minute counters, and reads them
 * back. A chunk's counts go to the minute its outcomes were recorded in, by one upsert
 * that increments that minute's document, so every instance adds to the same counters.
 * <p>
 * The dispatch thread only adds the counts to those waiting here; one background thread
 * writes them, the counts of chunks recorded while a write is under way together in the
 * next one, so a chunk costs at most one round trip and never waits for it. A write that
 * fails or takes longer than {@value #WRITE_TIMEOUT_SECONDS} s is logged (once, until
 * writes work again) and its counts are dropped rather than written twice: the counters
 * may then fall short, dispatch goes on as before. Counts still waiting at shutdown are
 * written before the store is closed.
 */
@Component
class ThroughputCounters implements DisposableBean {

	static final long WRITE_TIMEOUT_SECONDS = 5;

	private static final Logger log = LoggerFactory.getLogger(ThroughputCounters.class);

	private final MongoCollection<Document> minutes;

	private final Clock clock;

	private final Map<Instant, MessagesDispatched> waiting = new HashMap<>();

	private final ExecutorService writer = Executors.newSingleThreadExecutor(task -> {
		Thread thread = new Thread(task, "throughput-counters");
		thread.setDaemon(true);
		return thread;
	});

	/** Whether a write is queued that will take what waits; guarded by waiting. */
	private boolean writeQueued;

	private volatile boolean failing;

	ThroughputCounters(ThroughputCollection collection, Clock clock) {
		this.minutes = collection.documents().withTimeout(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		this.clock = clock;
	}

	@EventListener
	void onDispatched(MessagesDispatched dispatched) {
		Instant minute = this.clock.instant().truncatedTo(ChronoUnit.MINUTES);
		synchronized (this.waiting) {
			this.waiting.merge(minute, dispatched, ThroughputCounters::add);
			if (this.writeQueued) {
				return;
			}
			this.writeQueued = true;
			try {
				this.writer.execute(this::write);
			}
			catch (RejectedExecutionException ex) {
				// shutting down: destroy() writes what waits
				this.writeQueued = false;
			}
		}
	}

	/**
	 * What the cluster dispatched in each of the last {@code count} minutes, this one
	 * included, oldest first; a minute nothing was dispatched in counts zero.
	 */
	List<MinuteCount> lastMinutes(int count) {
		Instant last = this.clock.instant().truncatedTo(ChronoUnit.MINUTES);
		Instant first = last.minus(Duration.ofMinutes(count - 1L));
		Map<Instant, MinuteCount> stored = new HashMap<>();
		this.minutes.find(Filters.and(Filters.gte(ThroughputCollection.ID, Date.from(first)),
				Filters.lte(ThroughputCollection.ID, Date.from(last))))
			.forEach(document -> {
				if (document.get(ThroughputCollection.ID) instanceof Date minute) {
					stored.put(minute.toInstant(),
							new MinuteCount(minute.toInstant(), count(document, ThroughputCollection.SENT),
									count(document, ThroughputCollection.FAILED),
									count(document, ThroughputCollection.RETRIED)));
				}
			});
		List<MinuteCount> counts = new ArrayList<>(count);
		for (Instant minute = first; !minute.isAfter(last); minute = minute.plus(Duration.ofMinutes(1))) {
			counts.add(stored.getOrDefault(minute, MinuteCount.none(minute)));
		}
		return counts;
	}

	private void write() {
		Map<Instant, MessagesDispatched> taken;
		synchronized (this.waiting) {
			taken = new TreeMap<>(this.waiting);
			this.waiting.clear();
			this.writeQueued = false;
		}
		if (taken.isEmpty()) {
			return;
		}
		List<WriteModel<Document>> increments = new ArrayList<>(taken.size());
		taken.forEach((minute,
				counts) -> increments.add(new UpdateOneModel<>(Filters.eq(ThroughputCollection.ID, Date.from(minute)),
						Updates.combine(Updates.inc(ThroughputCollection.SENT, counts.sent()),
								Updates.inc(ThroughputCollection.RETRIED, counts.retried()),
								Updates.inc(ThroughputCollection.FAILED, counts.failed()),
								Updates.setOnInsert(ThroughputCollection.MINUTE, Date.from(minute))),
						new UpdateOptions().upsert(true))));
		try {
			this.minutes.bulkWrite(increments, new BulkWriteOptions().ordered(false));
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				log.warn(
						"Throughput counters not written, the counts of {} minute(s) are dropped (dispatch goes on;"
								+ " further failures are not logged until a write works): {}",
						taken.size(), ex.getMessage());
			}
			this.failing = true;
			return;
		}
		if (this.failing) {
			log.info("Throughput counters are written again");
		}
		this.failing = false;
	}

	@Override
	public void destroy() throws InterruptedException {
		this.writer.shutdown();
		if (this.writer.awaitTermination(WRITE_TIMEOUT_SECONDS * 2, TimeUnit.SECONDS)) {
			write();
		}
		else {
			this.writer.shutdownNow();
		}
	}

	private static MessagesDispatched add(MessagesDispatched one, MessagesDispatched other) {
		return new MessagesDispatched(one.sent() + other.sent(), one.retried() + other.retried(),
				one.failed() + other.failed());
	}

	private static long count(Document document, String field) {
		return document.get(field) instanceof Number number ? number.longValue() : 0;
	}

}
