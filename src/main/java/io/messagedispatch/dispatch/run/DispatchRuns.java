package io.messagedispatch.dispatch.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.messagedispatch.dispatch.RunMode;
import io.messagedispatch.dispatch.RunReport;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * A short history of dispatch runs in MongoDB ({@code dispatch_runs}), kept to the newest
 * {@value #KEPT} so it never grows. Spring Batch's own metadata stays in memory, since
 * MongoDB here has no transactions for its repository.
 */
@Component
public class DispatchRuns {

	static final int KEPT = 100;

	private final MongoCollection<Document> runs;

	DispatchRuns(MongoTemplate mongo) {
		this.runs = mongo.getCollection("dispatch_runs");
		this.runs.createIndex(Indexes.descending("startedAt"), new IndexOptions().name("started_at"));
	}

	void record(RunReport report) {
		this.runs.insertOne(new Document("_id", report.runId()).append("instance", report.instance())
			.append("mode", report.mode().name())
			.append("outcome", report.outcome().name())
			.append("startedAt", Date.from(report.startedAt()))
			.append("endedAt", Date.from(report.endedAt()))
			.append("claimed", report.claimed())
			.append("sent", report.sent())
			.append("retried", report.retried())
			.append("failed", report.failed())
			.append("error", report.error()));
		Document oldestKept = this.runs.find().sort(Sorts.descending("startedAt")).skip(KEPT - 1).first();
		if (oldestKept != null) {
			this.runs.deleteMany(Filters.lt("startedAt", oldestKept.getDate("startedAt")));
		}
	}

	/**
	 * The newest runs, newest first.
	 */
	public List<RunReport> latest(int count) {
		return this.runs.find()
			.sort(Sorts.descending("startedAt"))
			.limit(count)
			.map(DispatchRuns::fromDocument)
			.into(new ArrayList<>());
	}

	private static RunReport fromDocument(Document document) {
		return new RunReport(document.getString("_id"), document.getString("instance"),
				RunMode.valueOf(document.getString("mode")), RunReport.Outcome.valueOf(document.getString("outcome")),
				instant(document.getDate("startedAt")), instant(document.getDate("endedAt")),
				count(document, "claimed"), count(document, "sent"), count(document, "retried"),
				count(document, "failed"), document.getString("error"));
	}

	private static long count(Document document, String field) {
		return document.get(field) instanceof Number number ? number.longValue() : 0;
	}

	private static Instant instant(Date date) {
		return date == null ? null : date.toInstant();
	}

}
