package io.messagedispatch.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import io.messagedispatch.delivery.UnmatchedReportCollection;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.mongo.IdempotencyKeyCollection;
import io.messagedispatch.message.mongo.MessageCollection;
import io.messagedispatch.message.mongo.MessageDocuments;
import io.messagedispatch.throughput.ThroughputCollection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Deletes what is past its retention: settled messages whose {@code settledAt} is older
 * than {@code messaging.retention.settled}, idempotency keys taken longer ago than
 * {@code messaging.message.idempotency-retention}, and delivery reports whose message is
 * not known, last received longer ago than
 * {@code messaging.delivery-reports.unmatched-retention}, and the cluster's throughput
 * counters of minutes that began more than 24 hours ago. Each collection is swept in
 * batches: up to {@code batch-size} ids are read, then deleted by id with the condition
 * repeated, so a message requeued meanwhile (which loses its {@code settledAt}) is never
 * deleted; at most {@code max-batches} batches a sweep. Deleting is idempotent, so every
 * instance sweeps and none needs the lock; one instance never runs two sweeps at once.
 * <p>
 * A settled message that has no {@code settledAt} (written settled by another tool) is
 * given one first, so it is kept the whole retention from the sweep that first saw it,
 * and then deleted like any other.
 */
@Component
class RetentionSweep {

	static final String DELETED = "messaging.retention.deleted";

	private static final Logger log = LoggerFactory.getLogger(RetentionSweep.class);

	private static final List<String> SETTLED = Stream.of(MessageStatus.values())
		.filter(MessageStatus::settled)
		.map(MessageStatus::value)
		.toList();

	private final MongoCollection<Document> messages;

	private final MongoCollection<Document> keys;

	private final Duration keyRetention;

	private final MongoCollection<Document> reports;

	private final Duration reportRetention;

	private final MongoCollection<Document> throughput;

	private final RetentionProperties properties;

	private final Clock clock;

	private final Counter deletedMessages;

	private final Counter deletedKeys;

	private final Counter deletedReports;

	private final Counter deletedMinutes;

	private final AtomicBoolean sweeping = new AtomicBoolean();

	RetentionSweep(MessageCollection messages, IdempotencyKeyCollection keys, UnmatchedReportCollection reports,
			ThroughputCollection throughput, RetentionProperties properties, Clock clock, MeterRegistry meters) {
		this.messages = messages.documents();
		this.keys = keys.documents();
		this.keyRetention = keys.retention();
		this.reports = reports.documents();
		this.reportRetention = reports.retention();
		this.throughput = throughput.documents();
		this.properties = properties;
		this.clock = clock;
		this.deletedMessages = deletedCounter(meters, MessageDocuments.COLLECTION);
		this.deletedKeys = deletedCounter(meters, IdempotencyKeyCollection.COLLECTION);
		this.deletedReports = deletedCounter(meters, UnmatchedReportCollection.COLLECTION);
		this.deletedMinutes = deletedCounter(meters, ThroughputCollection.COLLECTION);
	}

	private static Counter deletedCounter(MeterRegistry meters, String collection) {
		return Counter.builder(DELETED)
			.description("Documents the retention sweep deleted, by collection (MongoDB's TTL monitor counts its own)")
			.tag("collection", collection)
			.register(meters);
	}

	/**
	 * Sweeps once; empty when a sweep is already running in this instance.
	 */
	Optional<Swept> sweep() {
		if (!this.sweeping.compareAndSet(false, true)) {
			return Optional.empty();
		}
		try {
			Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
			long stamped = 0;
			long messages = 0;
			if (!this.properties.keepsSettledForever()) {
				stamped = stampUnstamped(now);
				messages = deleteSettledBefore(now.minus(this.properties.settled()));
				this.deletedMessages.increment(messages);
			}
			long keys = deleteKeysTakenBefore(now.minus(this.keyRetention));
			this.deletedKeys.increment(keys);
			long reports = deleteReportsReceivedBefore(now.minus(this.reportRetention));
			this.deletedReports.increment(reports);
			long minutes = deleteMinutesBefore(now.minus(ThroughputCollection.RETENTION));
			this.deletedMinutes.increment(minutes);
			Swept swept = new Swept(stamped, messages, keys, reports, minutes);
			if (swept.changedAnything()) {
				log.info("Retention sweep: {}", describe(swept));
			}
			return Optional.of(swept);
		}
		finally {
			this.sweeping.set(false);
		}
	}

	private String describe(Swept swept) {
		List<String> deleted = new ArrayList<>();
		if (swept.messages() > 0) {
			deleted.add(swept.messages() + " message(s) settled more than " + this.properties.settled() + " ago");
		}
		if (swept.keys() > 0) {
			deleted.add(swept.keys() + " idempotency key(s) taken more than " + this.keyRetention + " ago");
		}
		if (swept.reports() > 0) {
			deleted.add(swept.reports() + " unmatched delivery report(s) received more than " + this.reportRetention
					+ " ago");
		}
		if (swept.minutes() > 0) {
			deleted.add(swept.minutes() + " throughput minute(s) older than " + ThroughputCollection.RETENTION);
		}
		String line = deleted.isEmpty() ? "deleted nothing" : "deleted " + String.join(" and ", deleted);
		if (swept.stamped() > 0) {
			line += "; " + swept.stamped() + " settled message(s) without a settledAt settle now";
		}
		return line;
	}

	/**
	 * Settled messages with no {@code settledAt} (or a null one) settle now. A
	 * {@code settledAt} of another type is left alone, as the TTL index leaves it.
	 */
	private long stampUnstamped(Instant now) {
		Bson unstamped = Filters.and(Filters.in(MessageDocuments.STATUS, SETTLED),
				Filters.eq(MessageDocuments.SETTLED_AT, null));
		return inBatches(this.messages, MessageDocuments.ID, unstamped,
				batch -> this.messages.updateMany(batch, Updates.set(MessageDocuments.SETTLED_AT, Date.from(now)))
					.getModifiedCount());
	}

	private long deleteSettledBefore(Instant cutoff) {
		Bson expired = Filters.and(Filters.in(MessageDocuments.STATUS, SETTLED),
				Filters.lte(MessageDocuments.SETTLED_AT, Date.from(cutoff)));
		return inBatches(this.messages, MessageDocuments.ID, expired,
				batch -> this.messages.deleteMany(batch).getDeletedCount());
	}

	private long deleteKeysTakenBefore(Instant cutoff) {
		Bson expired = Filters.lte(IdempotencyKeyCollection.CREATED_AT, Date.from(cutoff));
		return inBatches(this.keys, IdempotencyKeyCollection.ID, expired,
				batch -> this.keys.deleteMany(batch).getDeletedCount());
	}

	private long deleteReportsReceivedBefore(Instant cutoff) {
		Bson expired = Filters.lte(UnmatchedReportCollection.RECEIVED_AT, Date.from(cutoff));
		return inBatches(this.reports, UnmatchedReportCollection.ID, expired,
				batch -> this.reports.deleteMany(batch).getDeletedCount());
	}

	private long deleteMinutesBefore(Instant cutoff) {
		Bson expired = Filters.lte(ThroughputCollection.MINUTE, Date.from(cutoff));
		return inBatches(this.throughput, ThroughputCollection.ID, expired,
				batch -> this.throughput.deleteMany(batch).getDeletedCount());
	}

	/**
	 * Applies {@code change} to the documents {@code filter} takes, one batch of ids at a
	 * time, each batch's filter being its ids and {@code filter} again. Returns how many
	 * it changed.
	 */
	private long inBatches(MongoCollection<Document> collection, String idField, Bson filter,
			ToLongFunction<Bson> change) {
		long changed = 0;
		for (int batch = 0; batch < this.properties.maxBatches(); batch++) {
			List<Object> ids = collection.find(filter)
				.projection(Projections.include(idField))
				.limit(this.properties.batchSize())
				.map(document -> document.get(idField))
				.into(new ArrayList<>());
			if (ids.isEmpty()) {
				break;
			}
			changed += change.applyAsLong(Filters.and(Filters.in(idField, ids), filter));
			if (ids.size() < this.properties.batchSize()) {
				break;
			}
		}
		return changed;
	}

	/**
	 * What one sweep did.
	 *
	 * @param stamped settled messages without a {@code settledAt} that were given one
	 * @param messages settled messages deleted
	 * @param keys idempotency keys deleted
	 * @param reports unmatched delivery reports deleted
	 * @param minutes throughput minutes deleted
	 */
	record Swept(long stamped, long messages, long keys, long reports, long minutes) {

		boolean changedAnything() {
			return this.stamped + this.messages + this.keys + this.reports + this.minutes > 0;
		}

	}

}
