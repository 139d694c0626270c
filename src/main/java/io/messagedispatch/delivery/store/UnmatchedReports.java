package io.messagedispatch.delivery.store;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.messagedispatch.delivery.DeliveryReport;
import io.messagedispatch.delivery.DeliveryStatus;
import io.messagedispatch.delivery.UnmatchedReportCollection;
import org.bson.Document;
import org.bson.conversions.Bson;

import org.springframework.stereotype.Component;

import static io.messagedispatch.delivery.UnmatchedReportCollection.AT;
import static io.messagedispatch.delivery.UnmatchedReportCollection.ERROR_CODE;
import static io.messagedispatch.delivery.UnmatchedReportCollection.ID;
import static io.messagedispatch.delivery.UnmatchedReportCollection.RECEIVED_AT;
import static io.messagedispatch.delivery.UnmatchedReportCollection.STATUS;

/**
 * Reports kept while no message is known under their id: the newest one per id, each
 * write a single conditional update on the {@code _id}, so that reports that cross keep
 * the newest, as on the messages themselves.
 */
@Component
public class UnmatchedReports {

	private final MongoCollection<Document> reports;

	private final Clock clock;

	public UnmatchedReports(UnmatchedReportCollection collection, Clock clock) {
		this.reports = collection.documents();
		this.clock = clock;
	}

	/**
	 * Keeps the report, unless one about the same or a later time is kept under its id
	 * already.
	 */
	public void keep(DeliveryReport report) {
		Bson older = olderThan(report);
		Bson kept = Updates.combine(Updates.set(STATUS, report.status().value()),
				Updates.set(AT, Date.from(report.at())),
				(report.errorCode() != null) ? Updates.set(ERROR_CODE, report.errorCode()) : Updates.unset(ERROR_CODE),
				Updates.set(RECEIVED_AT, Date.from(this.clock.instant().truncatedTo(ChronoUnit.MILLIS))));
		try {
			this.reports.updateOne(older, kept, new UpdateOptions().upsert(true));
		}
		catch (MongoWriteException ex) {
			if (ErrorCategory.fromErrorCode(ex.getCode()) != ErrorCategory.DUPLICATE_KEY) {
				throw ex;
			}
			// a report on the same id was kept meanwhile, or one about the same or a
			// later
			// time was kept before: replace it only if it is older
			this.reports.updateOne(older, kept);
		}
	}

	/** The reports kept under any of these ids, in one query on the {@code _id}. */
	public List<DeliveryReport> keptFor(Collection<String> providerIds) {
		List<DeliveryReport> found = new ArrayList<>();
		this.reports.find(Filters.in(ID, providerIds)).forEach(document -> {
			DeliveryReport report = read(document);
			if (report != null) {
				found.add(report);
			}
		});
		return found;
	}

	/** Forgets the report kept under its id, while it is this very report. */
	public void forget(DeliveryReport report) {
		this.reports.deleteOne(Filters.and(Filters.eq(ID, report.messageId()), Filters.eq(AT, Date.from(report.at()))));
	}

	private static Bson olderThan(DeliveryReport report) {
		return Filters.and(Filters.eq(ID, report.messageId()), Filters.not(Filters.gte(AT, Date.from(report.at()))));
	}

	/** A kept report; null for a document this service did not write. */
	private static DeliveryReport read(Document document) {
		if (!(document.get(ID) instanceof String id) || !(document.get(STATUS) instanceof String value)
				|| !(document.get(AT) instanceof Date at)) {
			return null;
		}
		DeliveryStatus status = DeliveryStatus.fromValue(value).orElse(null);
		if (status == null) {
			return null;
		}
		return new DeliveryReport(id, status, at.toInstant(),
				(document.get(ERROR_CODE) instanceof String code) ? code : null);
	}

}
