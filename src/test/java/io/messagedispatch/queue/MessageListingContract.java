package io.messagedispatch.queue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessageIds;
import io.messagedispatch.message.MessagePage;
import io.messagedispatch.message.MessageSearch;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;
import io.messagedispatch.message.PageCursor;
import io.messagedispatch.message.RequeueFilter;
import io.messagedispatch.message.Requeued;
import io.messagedispatch.message.mongo.Keyset;
import io.messagedispatch.message.mongo.MessageCollection;
import io.messagedispatch.message.mongo.MessageDocuments;
import io.messagedispatch.support.Claims;
import io.messagedispatch.support.MutableClock;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.data.mongodb.core.MongoTemplate;

import static io.messagedispatch.message.MessageBuilder.aMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The search, the sent listing and the bulk requeue against a store: keyset pages that
 * never repeat or miss a message while others arrive, whatever the ids, each filter, and
 * a requeue that is bounded, conditional and never takes what cannot be sent.
 */
abstract class MessageListingContract {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

	private MongoTemplate mongo;

	private Messages store;

	protected abstract MongoClient client();

	/** Whether the server is MongoDB itself, whose query planner can be asked. */
	protected abstract boolean plansQueries();

	@BeforeEach
	void freshDatabase() {
		this.mongo = new MongoTemplate(client(), "listing-contract-" + UUID.randomUUID());
		this.store = new Messages(new MessageCollection(this.mongo), this.clock);
	}

	@Test
	void pagingThroughFiveThousandMessagesWhileAThousandMoreArriveReturnsEachExactlyOnce() {
		Instant start = this.clock.instant();
		List<Message> existing = new ArrayList<>();
		for (int i = 0; i < 5000; i++) {
			// seven to a millisecond, so that pages end within a millisecond's messages
			existing.add(aMessage().content("existing " + i).createdAt(start.minusMillis(1000 - i / 7)).build());
		}
		this.store.insertAll(existing);
		List<String> newestFirst = existing.stream()
			.sorted(Comparator.comparing(Message::createdAt)
				.thenComparing(message -> new ObjectId(message.id()))
				.reversed())
			.map(Message::id)
			.toList();

		List<String> listed = new ArrayList<>();
		int arrived = 0;
		PageCursor after = null;
		do {
			MessagePage page = this.store.search(MessageSearch.all(), 97, after);
			page.messages().forEach(message -> listed.add(message.id()));
			after = (page.next() != null) ? PageCursor.parse(page.next().encode()) : null;
			for (int i = 0; i < 20 && arrived < 1000; i++, arrived++) {
				this.clock.advance(Duration.ofMillis(1));
				this.store.insert(aMessage().content("arrived " + arrived).createdAt(this.clock.instant()).build());
			}
		}
		while (after != null);

		assertThat(arrived).isEqualTo(1000);
		assertThat(listed).doesNotHaveDuplicates().containsExactlyElementsOf(newestFirst);
		assertThat(walk(MessageSearch.all(), 1000)).hasSize(6000).doesNotHaveDuplicates();
	}

	@ParameterizedTest(name = "{0} a page")
	@ValueSource(ints = { 2, 3, 5 })
	void documentsWithHugeIdsNeverEndAPageSoTheListingGoesOnPastThem(int limit) {
		Date created = Date.from(this.clock.instant());
		List<Object> expected = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			Object id = (i % 3 == 1) ? "huge-" + i + "-" + "x".repeat(3000) : new ObjectId();
			insertRaw(id, new Date(created.getTime() - i));
			expected.add(id);
		}
		List<String> cursors = new ArrayList<>();

		List<Object> listed = pages(after -> {
			MessagePage page = this.store.search(MessageSearch.all(), limit, after);
			if (page.next() != null) {
				cursors.add(page.next().encode());
			}
			return page;
		}).stream().map(MessageIds::toStored).toList();

		assertThat(listed).containsExactlyElementsOf(expected);
		assertThat(cursors).isNotEmpty().allSatisfy(cursor -> assertThat(cursor).hasSizeLessThanOrEqualTo(2048));
	}

	@ParameterizedTest(name = "{0} a page")
	@ValueSource(ints = { 1, 2, 3, 5 })
	void idsOfEveryTypeWithinOneMillisecondArePagedInTheStoresOrderAndDocumentsWithoutADateComeLast(int limit) {
		Date created = Date.from(this.clock.instant());
		List<Object> ids = Arrays.asList(new ObjectId(), new ObjectId(), "abc", "6650a1b2c3d4e5f601234567", "~tilde",
				"", 7, 7_000_000_000L, 2.5, new Decimal128(125),
				new Binary((byte) 4, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }),
				new Binary((byte) 4, new byte[16]), true, false, new Date(0), new Document("k", 1), null);
		for (Object id : ids) {
			insertRaw(id, created);
		}
		insertRaw("zzz", new Date(created.getTime() + 1));
		insertRaw(9, new Date(created.getTime() + 1));
		insertRaw(new ObjectId(), new Date(created.getTime() - 1));
		insertRaw("aaa", new Date(created.getTime() - 1));
		raw().insertOne(failed(new ObjectId()));
		raw().insertOne(failed("no createdAt"));
		raw().insertOne(failed(3));
		for (Object createdAt : new Object[] { null, "yesterday", 12345, true, new BsonTimestamp(5, 1),
				new ObjectId() }) {
			raw().insertOne(failed(new ObjectId()).append(MessageDocuments.CREATED_AT, createdAt));
		}
		List<Document> inStoreOrder = raw().find()
			.sort(Sorts.descending(MessageDocuments.CREATED_AT, MessageDocuments.ID))
			.into(new ArrayList<>());
		List<Object> expected = new ArrayList<>();
		inStoreOrder.stream()
			.filter(document -> document.get(MessageDocuments.CREATED_AT) instanceof Date)
			.forEach(document -> expected.add(document.get(MessageDocuments.ID)));
		inStoreOrder.stream()
			.filter(document -> !(document.get(MessageDocuments.CREATED_AT) instanceof Date))
			.forEach(document -> expected.add(document.get(MessageDocuments.ID)));

		List<Object> listed = walk(MessageSearch.all(), limit).stream().map(MessageIds::toStored).toList();

		assertThat(listed).containsExactlyElementsOf(expected);
	}

	@Test
	void eachFilterNarrowsTheListingNewestFirstAndACreationRangeIsHalfOpen() {
		Instant t = this.clock.instant();
		Message failedShop = this.store
			.insert(aMessage().client("shop").failed("HTTP 400").createdAt(t.minusSeconds(30)).build());
		Message unsentShop = this.store.insert(aMessage().client("shop").createdAt(t.minusSeconds(20)).build());
		Message failedOther = this.store
			.insert(aMessage().phoneNumber("+905552222222").failed("HTTP 400").createdAt(t.minusSeconds(10)).build());
		Message sentCrm = this.store
			.insert(aMessage().client("crm").sent("p-1", t).createdAt(t.minusSeconds(40)).build());

		assertThat(ids(new MessageSearch(MessageStatus.FAILED, null, null, null, null)))
			.containsExactly(failedOther.id(), failedShop.id());
		assertThat(ids(new MessageSearch(null, "+905552222222", null, null, null))).containsExactly(failedOther.id());
		assertThat(ids(new MessageSearch(null, null, "shop", null, null))).containsExactly(unsentShop.id(),
				failedShop.id());
		assertThat(ids(new MessageSearch(MessageStatus.FAILED, "+905551111111", "shop", null, null)))
			.containsExactly(failedShop.id());
		assertThat(ids(new MessageSearch(null, null, null, t.minusSeconds(30), t.minusSeconds(10))))
			.containsExactly(unsentShop.id(), failedShop.id());
		assertThat(ids(MessageSearch.all())).containsExactly(failedOther.id(), unsentShop.id(), failedShop.id(),
				sentCrm.id());
		assertThat(ids(new MessageSearch(MessageStatus.FAILED, null, "crm", null, null))).isEmpty();
	}

	@Test
	void aCreationRangeLeavesOutDocumentsWithoutACreationDate() {
		raw().insertOne(failed(new ObjectId()));
		Message dated = this.store.insert(aMessage().createdAt(this.clock.instant().minusSeconds(1)).build());

		assertThat(ids(new MessageSearch(null, null, null, null, this.clock.instant()))).containsExactly(dated.id());
		assertThat(ids(MessageSearch.all())).hasSize(2).startsWith(dated.id());
	}

	@Test
	void sentMessagesArePagedMostRecentlySentFirstWithTiesBrokenById() {
		Instant t = this.clock.instant();
		List<Message> sent = new ArrayList<>();
		for (int i = 0; i < 9; i++) {
			sent.add(aMessage().client(i % 3 == 0 ? "shop" : null).sent("p-" + i, t.plusMillis(i / 3)).build());
		}
		this.store.insertAll(sent);
		this.store.insert(aMessage().failed("HTTP 400").build());
		List<String> newestFirst = sent.stream()
			.sorted(Comparator.comparing(Message::sentAt)
				.thenComparing(message -> new ObjectId(message.id()))
				.reversed())
			.map(Message::id)
			.toList();

		assertThat(pages(after -> this.store.findSent(2, after))).containsExactlyElementsOf(newestFirst);
		assertThat(pages(after -> this.store.findSentFor("shop", 1, after)))
			.containsExactlyElementsOf(newestFirst.stream()
				.filter(id -> sent.stream().anyMatch(m -> m.id().equals(id) && "shop".equals(m.client())))
				.toList());
		assertThat(this.store.findSent(9, null).next()).as("nothing follows a full last page").isNull();
	}

	@Test
	void aDryRunCountsWhatTheRequeueThenRequeues() {
		Instant t = this.clock.instant();
		for (int i = 0; i < 30; i++) {
			this.store
				.insert(aMessage().failed(i % 2 == 0 ? "HTTP 503" : "HTTP 400").settledAt(t.minusSeconds(i)).build());
		}
		RequeueFilter filter = new RequeueFilter(null, null, t.minusSeconds(20), null, "503");

		Requeued dryRun = this.store.requeueFailed(filter, true);
		assertThat(this.store.countByStatus()).containsEntry(MessageStatus.FAILED, 30L);
		Requeued requeued = this.store.requeueFailed(filter, false);

		assertThat(dryRun).isEqualTo(new Requeued(11, 0));
		assertThat(requeued).isEqualTo(dryRun);
		assertThat(this.store.countByStatus()).containsEntry(MessageStatus.UNSENT, 11L)
			.containsEntry(MessageStatus.FAILED, 19L);
		assertThat(this.store.requeueFailed(filter, true)).isEqualTo(new Requeued(0, 0));
	}

	@Test
	void expiredCancelledAndPastTheirExpiryAreNeverRequeued() {
		Instant now = this.clock.instant();
		Message expired = this.store.insert(aMessage().status(MessageStatus.EXPIRED).build());
		Message cancelled = this.store.insert(aMessage().status(MessageStatus.CANCELLED).build());
		Message failedPastItsExpiry = this.store.insert(aMessage().failed("HTTP 503").expiresAt(now).build());
		Message failedStillValid = this.store
			.insert(aMessage().failed("HTTP 503").expiresAt(now.plusSeconds(60)).build());
		Message failed = this.store.insert(aMessage().failed("HTTP 503").build());

		assertThat(this.store.requeueFailed(RequeueFilter.allFailed(), true)).isEqualTo(new Requeued(2, 0));
		assertThat(this.store.requeueFailed(RequeueFilter.allFailed(), false)).isEqualTo(new Requeued(2, 0));

		assertThat(status(failedStillValid)).isEqualTo(MessageStatus.UNSENT);
		assertThat(status(failed)).isEqualTo(MessageStatus.UNSENT);
		assertThat(status(expired)).isEqualTo(MessageStatus.EXPIRED);
		assertThat(status(cancelled)).isEqualTo(MessageStatus.CANCELLED);
		assertThat(status(failedPastItsExpiry)).isEqualTo(MessageStatus.FAILED);
	}

	@Test
	void requeueTakesOnlyFailedMessagesMatchingEveryCriterionWithTheErrorTextTakenLiterally() {
		Instant t = this.clock.instant();
		Message match = this.store.insert(aMessage().client("shop")
			.failed("HTTP 429 (retry?) after [3] tries")
			.settledAt(t.minusSeconds(30))
			.build());
		this.store.insert(aMessage().client("shop").failed("HTTP 429 (retry?) after [3] tries").build());
		this.store.insert(aMessage().client("crm")
			.failed("HTTP 429 (retry?) after [3] tries")
			.settledAt(t.minusSeconds(30))
			.build());
		this.store.insert(aMessage().phoneNumber("+905552222222")
			.client("shop")
			.failed("HTTP 429 (retry?) after [3] tries")
			.settledAt(t.minusSeconds(30))
			.build());
		this.store.insert(aMessage().client("shop").failed("HTTP 4290 retry").settledAt(t.minusSeconds(30)).build());

		assertThat(this.store.requeueFailed(new RequeueFilter(null, null, null, null, "429 (retry?"), true).requeued())
			.isEqualTo(4);
		assertThat(this.store.requeueFailed(new RequeueFilter(null, null, null, null, "429.*retry"), true).requeued())
			.as("a pattern is text, not a pattern")
			.isZero();
		assertThat(this.store.requeueFailed(new RequeueFilter(null, null, null, null, "http 429"), true).requeued())
			.as("case-sensitive")
			.isZero();
		assertThat(this.store.requeueFailed(
				new RequeueFilter("+905551111111", "shop", t.minusSeconds(30), t.minusSeconds(29), "] tries"), false))
			.isEqualTo(new Requeued(1, 0));
		assertThat(status(match)).isEqualTo(MessageStatus.UNSENT);
		assertThat(this.store.countByStatus()).containsEntry(MessageStatus.FAILED, 4L);
	}

	@Test
	void requeueTakesAThousandACallThoseThatFailedFirstFirstAndSaysHowManyRemain() {
		Instant t = this.clock.instant();
		List<Message> failed = new ArrayList<>();
		for (int i = 0; i < 1005; i++) {
			failed.add(aMessage().failed("HTTP 503").settledAt(t.minusSeconds(i)).build());
		}
		this.store.insertAll(failed);

		assertThat(this.store.requeueFailed(RequeueFilter.allFailed(), true)).isEqualTo(new Requeued(1000, 5));
		assertThat(this.store.requeueFailed(RequeueFilter.allFailed(), false)).isEqualTo(new Requeued(1000, 5));
		assertThat(failed.subList(0, 5))
			.allSatisfy(message -> assertThat(status(message)).isEqualTo(MessageStatus.FAILED));
		assertThat(this.store.requeueFailed(RequeueFilter.allFailed(), false)).isEqualTo(new Requeued(5, 0));
		assertThat(this.store.requeueFailed(RequeueFilter.allFailed(), false)).isEqualTo(new Requeued(0, 0));
		assertThat(this.store.countByStatus()).containsEntry(MessageStatus.UNSENT, 1005L);
	}

	@Test
	void aMessageRequeuedOrClaimedAfterTheRequeueSelectedItIsLeftAsItIsNow() {
		List<Message> failed = List.of(aMessage().failed("HTTP 503").build(), aMessage().failed("HTTP 503").build(),
				aMessage().failed("HTTP 503").build());
		this.store.insertAll(failed);
		MessageQueue queue = new MessageQueue(new MessageCollection(this.mongo), this.clock);
		List<Message> claimed = new ArrayList<>();
		// another call requeues them all, and a run claims one, between this call's
		// selection and its update
		Messages late = new Messages(beforeUpdates(() -> {
			assertThat(this.store.requeueFailed(RequeueFilter.allFailed(), false)).isEqualTo(new Requeued(3, 0));
			claimed.addAll(Claims.claim(queue, "runner", 1, Duration.ofMinutes(1)));
			this.clock.advance(Duration.ofSeconds(1));
		}), this.clock);

		assertThat(late.requeueFailed(RequeueFilter.allFailed(), false)).isEqualTo(new Requeued(0, 0));

		assertThat(claimed).singleElement()
			.satisfies(message -> assertThat(status(message)).isEqualTo(MessageStatus.SENDING));
		assertThat(this.store.countByStatus()).containsEntry(MessageStatus.UNSENT, 2L)
			.containsEntry(MessageStatus.SENDING, 1L);
	}

	/**
	 * The collection, with {@code interference} run once before the first update of many
	 * documents, as if it happened between a read and that update.
	 */
	@SuppressWarnings("unchecked")
	private MessageCollection beforeUpdates(Runnable interference) {
		return new MessageCollection(this.mongo) {

			@Override
			public MongoCollection<Document> documents() {
				MongoCollection<Document> real = super.documents();
				boolean[] done = { false };
				return (MongoCollection<Document>) Proxy.newProxyInstance(MongoCollection.class.getClassLoader(),
						new Class<?>[] { MongoCollection.class }, (proxy, method, arguments) -> {
							if (method.getName().equals("updateMany") && !done[0]) {
								done[0] = true;
								interference.run();
							}
							try {
								return method.invoke(real, arguments);
							}
							catch (InvocationTargetException ex) {
								throw ex.getCause();
							}
						});
			}

		};
	}

	@Test
	void theListingsHaveTheirIndexesAndTheIndexesTheyReplacedAreDroppedOnStart() {
		raw().createIndex(Indexes.descending(MessageDocuments.SENT_AT), new IndexOptions().name("sent_at"));
		raw().createIndex(Indexes.compoundIndex(Indexes.ascending(MessageDocuments.CLIENT, MessageDocuments.STATUS),
				Indexes.descending(MessageDocuments.SENT_AT)), new IndexOptions().name("client_status_sent"));

		new MessageCollection(this.mongo);

		assertThat(indexNames())
			.contains("status_created_due", "created", "phone_created", "client_created", "client_status_created",
					"status_sent", "client_status_sent_id", "status_settled")
			.doesNotContain("sent_at", "client_status_sent");
	}

	@Test
	void mongoDbAnswersEveryPageFromAnIndexInItsOrder() {
		assumeTrue(plansQueries(), "mongo-java-server has no query planner to ask");
		Instant t = this.clock.instant();
		for (int i = 0; i < 50; i++) {
			this.store.insert(aMessage().client(i % 2 == 0 ? "shop" : "crm")
				.phoneNumber("+90555111111" + (i % 10))
				.failed("HTTP 503")
				.createdAt(t.minusSeconds(i))
				.build());
			this.store.insert(aMessage().client("shop").sent("p-" + i, t.plusSeconds(i)).createdAt(t).build());
		}
		Date c = Date.from(t.minusSeconds(10));
		ObjectId id = new ObjectId();
		Bson newestFirst = Sorts.descending(MessageDocuments.CREATED_AT, MessageDocuments.ID);
		Bson sentFirst = Sorts.descending(MessageDocuments.SENT_AT, MessageDocuments.ID);
		for (Bson position : List.of(Keyset.dated(MessageDocuments.CREATED_AT),
				Keyset.datedAfter(MessageDocuments.CREATED_AT, c, id))) {
			for (Bson filter : List.of(new Document(), Filters.eq(MessageDocuments.STATUS, "failed"),
					Filters.eq(MessageDocuments.PHONE_NUMBER, "+905551111113"),
					Filters.eq(MessageDocuments.CLIENT, "shop"),
					Filters.and(Filters.eq(MessageDocuments.CLIENT, "shop"),
							Filters.eq(MessageDocuments.STATUS, "failed")))) {
				assertIndexOrder(Filters.and(filter, position), newestFirst);
			}
		}
		for (Bson position : List.of(Keyset.dated(MessageDocuments.SENT_AT),
				Keyset.datedAfter(MessageDocuments.SENT_AT, c, id))) {
			assertIndexOrder(Filters.and(Filters.eq(MessageDocuments.STATUS, "sent"), position), sentFirst);
			assertIndexOrder(Filters.and(Filters.eq(MessageDocuments.CLIENT, "shop"),
					Filters.eq(MessageDocuments.STATUS, "sent"), position), sentFirst);
		}
		assertIndexOrder(Filters.eq(MessageDocuments.STATUS, "failed"),
				Sorts.ascending(MessageDocuments.SETTLED_AT, MessageDocuments.ID));
	}

	private void assertIndexOrder(Bson filter, Bson sort) {
		Document explained = raw().find(filter).sort(sort).limit(11).explain();
		String plan = explained.get("queryPlanner", Document.class).get("winningPlan", Document.class).toJson();
		assertThat(plan).as(filter.toBsonDocument().toJson())
			.contains("IXSCAN")
			.doesNotContain("COLLSCAN")
			.doesNotContain("\"SORT\"");
	}

	private List<String> walk(MessageSearch search, int limit) {
		return pages(after -> this.store.search(search, limit, after));
	}

	/** Every page from the first to the last, each cursor passed on as a client would. */
	private List<String> pages(Function<PageCursor, MessagePage> listing) {
		List<String> ids = new ArrayList<>();
		Set<PageCursor> cursors = new HashSet<>();
		PageCursor after = null;
		do {
			MessagePage page = listing.apply(after);
			page.messages().forEach(message -> ids.add(message.id()));
			after = (page.next() != null) ? PageCursor.parse(page.next().encode()) : null;
			assertThat(after == null || cursors.add(after)).as("the walk moves on").isTrue();
		}
		while (after != null);
		return ids;
	}

	private List<String> ids(MessageSearch search) {
		return walk(search, 1000);
	}

	private MessageStatus status(Message message) {
		return this.store.findById(message.id()).orElseThrow().status();
	}

	private void insertRaw(Object id, Date createdAt) {
		raw().insertOne(failed(id).append(MessageDocuments.CREATED_AT, createdAt));
	}

	private static Document failed(Object id) {
		return new Document(MessageDocuments.ID, id).append(MessageDocuments.PHONE_NUMBER, "+905551111111")
			.append(MessageDocuments.CONTENT, "written by another tool")
			.append(MessageDocuments.STATUS, "failed");
	}

	private Set<String> indexNames() {
		return raw().listIndexes().map(index -> index.getString("name")).into(new LinkedHashSet<>());
	}

	private MongoCollection<Document> raw() {
		return this.mongo.getCollection(MessageDocuments.COLLECTION);
	}

}
