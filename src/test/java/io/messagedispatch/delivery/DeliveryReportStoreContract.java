package io.messagedispatch.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.messagedispatch.delivery.store.ReportedMessages;
import io.messagedispatch.delivery.store.UnmatchedReports;
import io.messagedispatch.message.Delivery;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;
import io.messagedispatch.message.mongo.MessageCollection;
import io.messagedispatch.message.mongo.MessageDocuments;
import io.messagedispatch.queue.DeliveryOutcome;
import io.messagedispatch.queue.MessageQueue;
import io.messagedispatch.queue.SendsRecorded;
import io.messagedispatch.support.Claims;
import io.messagedispatch.support.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.MongoTemplate;

import static io.messagedispatch.message.MessageBuilder.aMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Delivery reports against the store, run against every MongoDB the service supports: a
 * report is recorded on the sent message it names, once, never over a newer one; a report
 * that comes before the send is recorded is kept and applied when it is, whichever side
 * comes second; and reports for ids never seen are kept to expire.
 */
abstract class DeliveryReportStoreContract {

	private static final Duration LEASE = Duration.ofMinutes(5);

	private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

	private final MutableClock clock = new MutableClock(NOW);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private MongoTemplate mongo;

	private MessageCollection collection;

	private Messages store;

	private ReportedMessages reported;

	private UnmatchedReportCollection unmatchedCollection;

	private EarlyReports early;

	private MessageQueue queue;

	private DeliveryReports reports;

	protected abstract MongoClient client();

	/**
	 * Whether the server is the embedded mongo-java-server, which has no planner to ask.
	 */
	protected abstract boolean embedded();

	@BeforeEach
	void freshDatabase() {
		this.mongo = new MongoTemplate(client(), "delivery-contract-" + UUID.randomUUID());
		this.collection = new MessageCollection(this.mongo);
		this.store = new Messages(this.collection, this.clock);
		this.reported = new ReportedMessages(this.collection, this.clock);
		this.unmatchedCollection = new UnmatchedReportCollection(this.mongo, Duration.ofDays(7));
		UnmatchedReports unmatched = new UnmatchedReports(this.unmatchedCollection, this.clock);
		this.early = new EarlyReports(this.reported, unmatched);
		this.queue = new MessageQueue(this.collection, this.clock,
				event -> this.early.onSendsRecorded((SendsRecorded) event));
		this.reports = new DeliveryReports(this.reported, unmatched, this.meters);
	}

	@Test
	void reportIsRecordedOnTheSentMessageItNamesWhoseStatusStaysSent() {
		Message message = sent("provider-1");
		Instant at = NOW.plusSeconds(3);
		this.clock.advance(Duration.ofSeconds(5));

		assertThat(receive(report("provider-1", DeliveryStatus.DELIVERED, at, null)))
			.isEqualTo(new ReportsReceived(1, 1, 0, 0));

		Message reportedMessage = this.store.findById(message.id()).orElseThrow();
		assertThat(reportedMessage.status()).isEqualTo(MessageStatus.SENT);
		assertThat(reportedMessage.delivery()).isEqualTo(new Delivery("delivered", at, null));
		assertThat(reportedMessage.updatedAt()).isEqualTo(this.clock.instant());
		assertThat(this.meters.get(DeliveryReports.RECEIVED).tag("status", "delivered").counter().count()).isEqualTo(1);
	}

	@Test
	void repeatedReportChangesNothing() {
		Message message = sent("provider-1");
		DeliveryReport report = report("provider-1", DeliveryStatus.UNDELIVERED, NOW.plusSeconds(3), "absent");
		receive(report);
		Message once = this.store.findById(message.id()).orElseThrow();
		this.clock.advance(Duration.ofMinutes(1));

		assertThat(receive(report, report)).isEqualTo(new ReportsReceived(2, 0, 2, 0));

		assertThat(this.store.findById(message.id())).contains(once);
		assertThat(this.unmatchedCollection.documents().countDocuments()).isZero();
	}

	@Test
	void olderReportNeverReplacesANewerOneAndANewerOneDoes() {
		Message message = sent("provider-1");
		receive(report("provider-1", DeliveryStatus.DELIVERED, NOW.plusSeconds(10), null));

		assertThat(receive(report("provider-1", DeliveryStatus.UNDELIVERED, NOW.plusSeconds(5), "absent")))
			.isEqualTo(new ReportsReceived(1, 0, 1, 0));
		assertThat(delivery(message)).isEqualTo(new Delivery("delivered", NOW.plusSeconds(10), null));

		assertThat(receive(report("provider-1", DeliveryStatus.FAILED, NOW.plusSeconds(11), "blocked")))
			.isEqualTo(new ReportsReceived(1, 1, 0, 0));
		assertThat(delivery(message)).isEqualTo(new Delivery("failed", NOW.plusSeconds(11), "blocked"));
	}

	@Test
	void reportThatComesBeforeTheSendIsRecordedIsKeptAndAppliedWhenItIs() {
		Message message = aMessage().createdAt(NOW.minusSeconds(60)).build();
		this.store.insert(message);
		assertThat(Claims.claim(this.queue, "runner", 1, LEASE)).hasSize(1);

		assertThat(receive(report("provider-1", DeliveryStatus.DELIVERED, NOW.plusSeconds(1), null)))
			.isEqualTo(new ReportsReceived(1, 0, 0, 1));
		assertThat(this.unmatchedCollection.documents().countDocuments()).isEqualTo(1);

		record(message, "provider-1");

		assertThat(delivery(message)).isEqualTo(new Delivery("delivered", NOW.plusSeconds(1), null));
		assertThat(this.unmatchedCollection.documents().countDocuments()).as("applied, so forgotten").isZero();
	}

	@Test
	void sendRecordedWhileItsReportIsBeingKeptIsFoundByTheReportItself() {
		Message message = aMessage().createdAt(NOW.minusSeconds(60)).build();
		this.store.insert(message);
		assertThat(Claims.claim(this.queue, "runner", 1, LEASE)).hasSize(1);
		// the send is recorded, and looks for kept reports, after the report found no
		// message but before it is kept
		UnmatchedReports racing = new UnmatchedReports(this.unmatchedCollection, this.clock) {

			@Override
			public void keep(DeliveryReport report) {
				record(message, report.messageId());
				super.keep(report);
			}

		};
		DeliveryReports reports = new DeliveryReports(this.reported, racing, this.meters);

		assertThat(reports.receive(List.of(report("provider-1", DeliveryStatus.DELIVERED, NOW.plusSeconds(1), null))))
			.isEqualTo(new ReportsReceived(1, 1, 0, 0));

		assertThat(delivery(message)).isEqualTo(new Delivery("delivered", NOW.plusSeconds(1), null));
		assertThat(this.unmatchedCollection.documents().countDocuments()).isZero();
	}

	@Test
	void ofTheReportsKeptForOneIdTheNewestIsAppliedWhicheverCameFirst() {
		Message newerFirst = aMessage().createdAt(NOW.minusSeconds(60)).build();
		Message olderFirst = aMessage().createdAt(NOW.minusSeconds(59)).build();
		this.store.insertAll(List.of(newerFirst, olderFirst));
		assertThat(Claims.claim(this.queue, "runner", 2, LEASE)).hasSize(2);
		receive(report("provider-1", DeliveryStatus.DELIVERED, NOW.plusSeconds(9), null));
		receive(report("provider-1", DeliveryStatus.UNDELIVERED, NOW.plusSeconds(4), "absent"));
		receive(report("provider-2", DeliveryStatus.UNDELIVERED, NOW.plusSeconds(4), "absent"));
		receive(report("provider-2", DeliveryStatus.DELIVERED, NOW.plusSeconds(9), null));
		assertThat(this.unmatchedCollection.documents().countDocuments()).isEqualTo(2);

		assertThat(this.queue.record("runner", List.of(new DeliveryOutcome.Sent(newerFirst.id(), 1, "provider-1", NOW),
				new DeliveryOutcome.Sent(olderFirst.id(), 1, "provider-2", NOW))))
			.hasSize(2);

		assertThat(delivery(newerFirst)).isEqualTo(new Delivery("delivered", NOW.plusSeconds(9), null));
		assertThat(delivery(olderFirst)).isEqualTo(new Delivery("delivered", NOW.plusSeconds(9), null));
		assertThat(this.unmatchedCollection.documents().countDocuments()).isZero();
	}

	@Test
	void reportForAnIdNeverSeenIsKeptWithWhenItWasReceivedUnderATtlIndex() {
		receive(report("unknown-1", DeliveryStatus.FAILED, NOW, "blocked"));

		Document kept = this.unmatchedCollection.documents().find(Filters.eq("_id", "unknown-1")).first();
		assertThat(kept).isNotNull();
		assertThat(kept.getString("status")).isEqualTo("failed");
		assertThat(kept.getString("errorCode")).isEqualTo("blocked");
		assertThat(kept.getDate("receivedAt").toInstant()).isEqualTo(NOW);
		Document expiry = this.unmatchedCollection.documents()
			.listIndexes()
			.into(new ArrayList<>())
			.stream()
			.filter(index -> UnmatchedReportCollection.EXPIRY_INDEX.equals(index.get("name")))
			.findFirst()
			.orElseThrow();
		assertThat(expiry.get("key", Document.class)).isEqualTo(new Document("receivedAt", 1));
		assertThat(((Number) expiry.get("expireAfterSeconds")).longValue()).isEqualTo(Duration.ofDays(7).toSeconds());
	}

	@Test
	void summaryCountsTheSentMessagesByReportedDeliveryAndTheShareDelivered() {
		sent("p-1");
		sent("p-2");
		sent("p-3");
		sent("p-4");
		sent("p-5");
		this.store.insert(aMessage().build());
		receive(report("p-1", DeliveryStatus.DELIVERED, NOW, null), report("p-2", DeliveryStatus.DELIVERED, NOW, null),
				report("p-3", DeliveryStatus.DELIVERED, NOW, null),
				report("p-4", DeliveryStatus.UNDELIVERED, NOW, "absent"));

		assertThat(new DeliveryOverview(this.reported).summary()).isEqualTo(new DeliverySummary(3, 1, 0, 1, 0.75));
	}

	@Test
	void noReportYetHasNoShareDelivered() {
		sent("p-1");

		assertThat(new DeliveryOverview(this.reported).summary()).isEqualTo(new DeliverySummary(0, 0, 0, 1, null));
	}

	@Test
	void reportFindsItsMessageOnThePartialIndexOfTheProvidersIds() {
		assumeFalse(embedded(), "mongo-java-server has no query planner to ask");
		sent("provider-1");

		Document plan = this.collection.documents()
			.find(Filters.eq(MessageDocuments.WEBHOOK_MESSAGE_ID, "provider-1"))
			.limit(1)
			.explain();

		String winningPlan = plan.get("queryPlanner", Document.class).get("winningPlan", Document.class).toJson();
		assertThat(winningPlan).contains("IXSCAN", MessageCollection.WEBHOOK_MESSAGE_INDEX).doesNotContain("COLLSCAN");
	}

	private ReportsReceived receive(DeliveryReport... reports) {
		return this.reports.receive(List.of(reports));
	}

	private static DeliveryReport report(String providerId, DeliveryStatus status, Instant at, String errorCode) {
		return new DeliveryReport(providerId, status, at, errorCode);
	}

	/** A message sent under this id of the provider, recorded as a run records it. */
	private Message sent(String providerId) {
		Message message = aMessage().createdAt(NOW.minusSeconds(60)).build();
		this.store.insert(message);
		assertThat(Claims.claim(this.queue, "runner", 1, LEASE)).extracting(Message::id).containsExactly(message.id());
		record(message, providerId);
		return message;
	}

	private void record(Message message, String providerId) {
		assertThat(this.queue.record("runner",
				List.of(new DeliveryOutcome.Sent(message.id(), 1, providerId, this.clock.instant()))))
			.containsExactly(message.id());
	}

	private Delivery delivery(Message message) {
		return this.store.findById(message.id()).orElseThrow().delivery();
	}

}
