package io.messagedispatch.message.mongo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.bson.codecs.configuration.CodecRegistries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import static io.messagedispatch.message.mongo.MessageDocuments.ATTEMPTS;
import static io.messagedispatch.message.mongo.MessageDocuments.CLIENT;
import static io.messagedispatch.message.mongo.MessageDocuments.COLLECTION;
import static io.messagedispatch.message.mongo.MessageDocuments.CREATED_AT;
import static io.messagedispatch.message.mongo.MessageDocuments.EXPIRES_AT;
import static io.messagedispatch.message.mongo.MessageDocuments.ID;
import static io.messagedispatch.message.mongo.MessageDocuments.LEASE_UNTIL;
import static io.messagedispatch.message.mongo.MessageDocuments.NEXT_ATTEMPT_AT;
import static io.messagedispatch.message.mongo.MessageDocuments.OWNER;
import static io.messagedispatch.message.mongo.MessageDocuments.PHONE_NUMBER;
import static io.messagedispatch.message.mongo.MessageDocuments.PRIORITY;
import static io.messagedispatch.message.mongo.MessageDocuments.SENT_AT;
import static io.messagedispatch.message.mongo.MessageDocuments.SETTLED_AT;
import static io.messagedispatch.message.mongo.MessageDocuments.STATUS;
import static io.messagedispatch.message.mongo.MessageDocuments.WEBHOOK_MESSAGE_ID;

/**
 * The {@code messages} collection with the indexes its queries need (and none that no
 * query needs any more), shared by the message API's reads, the queue and the adoption of
 * imported documents. Every change is a single-document atomic update or a bulk write of
 * such updates, so it works on any MongoDB (and mongo-java-server) without sessions or
 * transactions.
 */
@Component
public class MessageCollection {

	private static final Logger log = LoggerFactory.getLogger(MessageCollection.class);

	/** The TTL index that deletes settled messages after their retention. */
	public static final String SETTLED_EXPIRY_INDEX = "settled_expiry";

	/**
	 * Indexes of earlier versions that others have replaced: {@code sent_at} and
	 * {@code client_status_sent} ordered by {@code sentAt} alone, {@code status_sent} and
	 * {@code client_status_sent_id} break its ties by {@code _id}.
	 */
	static final List<String> RETIRED_INDEXES = List.of("sent_at", "client_status_sent");

	/** The partial index on the provider's message id, which delivery reports name. */
	public static final String WEBHOOK_MESSAGE_INDEX = "webhook_message_id";

	private final MongoCollection<Document> messages;

	private final MongoDatabase database;

	private final boolean mongoJavaServer;

	public MessageCollection(MongoTemplate mongo) {
		// UUIDs and other binary ids stay as stored, whatever the client's UUID
		// representation: an id read is
		// always found again by the same value
		MongoCollection<Document> collection = mongo.getCollection(COLLECTION);
		this.messages = collection.withCodecRegistry(
				CodecRegistries.withUuidRepresentation(collection.getCodecRegistry(), UuidRepresentation.UNSPECIFIED));
		this.database = mongo.getDb();
		this.mongoJavaServer = runsOnMongoJavaServer(mongo);
		ensureIndexes();
		if (this.mongoJavaServer) {
			ensureKeyIndexes();
		}
	}

	/** The collection, for queries and single updates. */
	public MongoCollection<Document> documents() {
		return this.messages;
	}

	/**
	 * Whether the server is mongo-java-server (the embedded store), which keeps TTL
	 * indexes but never deletes by them.
	 */
	public boolean isMongoJavaServer() {
		return this.mongoJavaServer;
	}

	/**
	 * Keeps the TTL index that deletes a settled message {@code retention} after its
	 * {@code settledAt}, following a retention changed since the last start; zero drops
	 * it, so that settled messages are kept. Returns whether the index is in place.
	 */
	public boolean expireSettledAfter(Duration retention) {
		return ExpiryIndexes.ensure(this.database, this.messages, SETTLED_EXPIRY_INDEX, SETTLED_AT,
				retention.isZero() ? null : retention);
	}

	/**
	 * Creates the indexes the queue queries need; creating an existing index is a no-op,
	 * so this is safe on every start.
	 */
	private void ensureIndexes() {
		// claim: equality on status, sort on priority then creation order, due time
		// filtered in the index itself, so no document is fetched before it is due
		this.messages.createIndex(Indexes.ascending(STATUS, PRIORITY, CREATED_AT, ID, NEXT_ATTEMPT_AT),
				new IndexOptions().name("status_priority_created_due"));
		// the oldest due message; the listing by status, newest first (scanned backwards)
		this.messages.createIndex(Indexes.ascending(STATUS, CREATED_AT, ID, NEXT_ATTEMPT_AT),
				new IndexOptions().name("status_created_due"));
		// expiry of unsent messages whose time has passed
		this.messages.createIndex(Indexes.ascending(STATUS, EXPIRES_AT), new IndexOptions().name("status_expires"));
		// lease expiry of claims left by a dead instance
		this.messages.createIndex(Indexes.ascending(STATUS, LEASE_UNTIL), new IndexOptions().name("status_lease"));
		// the listings, newest first: each serves an equality on its leading fields and
		// the order (createdAt, then _id) with the keyset position as a range
		this.messages.createIndex(Indexes.ascending(CREATED_AT, ID), new IndexOptions().name("created"));
		this.messages.createIndex(Indexes.ascending(PHONE_NUMBER, CREATED_AT, ID),
				new IndexOptions().name("phone_created"));
		this.messages.createIndex(Indexes.ascending(CLIENT, CREATED_AT, ID), new IndexOptions().name("client_created"));
		this.messages.createIndex(Indexes.ascending(CLIENT, STATUS, CREATED_AT, ID),
				new IndexOptions().name("client_status_created"));
		// the sent messages, most recently sent first, everyone's and one client's
		this.messages.createIndex(Indexes.ascending(STATUS, SENT_AT, ID), new IndexOptions().name("status_sent"));
		this.messages.createIndex(Indexes.ascending(CLIENT, STATUS, SENT_AT, ID),
				new IndexOptions().name("client_status_sent_id"));
		// the bulk requeue: failed messages, those that failed first first
		this.messages.createIndex(Indexes.ascending(STATUS, SETTLED_AT, ID), new IndexOptions().name("status_settled"));
		// documents written by other tools, which have no due time yet
		this.messages.createIndex(Indexes.ascending(NEXT_ATTEMPT_AT), new IndexOptions().name("next_attempt"));
		// a delivery report finds its message by the provider's id: only sent messages
		// have one, so the index holds those alone (an equality on a string implies the
		// filter, so MongoDB's planner uses it); the embedded store scans instead
		this.messages.createIndex(Indexes.ascending(WEBHOOK_MESSAGE_ID), new IndexOptions().name(WEBHOOK_MESSAGE_INDEX)
			.partialFilterExpression(Filters.gt(WEBHOOK_MESSAGE_ID, "")));
		RETIRED_INDEXES.forEach(this::dropRetired);
	}

	/**
	 * Drops an index that an earlier version created and none of its queries needs any
	 * more (an index that serves them has taken its place), so that writes stop keeping
	 * it. A server that refuses (a privilege missing) keeps it, at the cost of slower
	 * writes only.
	 */
	private void dropRetired(String name) {
		try {
			if (this.messages.listIndexes()
				.map(index -> index.getString("name"))
				.into(new ArrayList<>())
				.contains(name)) {
				this.messages.dropIndex(name);
				log.info("Dropped the index {} of {}: another index serves its queries now", name, COLLECTION);
			}
		}
		catch (MongoException ex) {
			log.warn("Could not drop the index {} of {}, which is no longer needed: {}", name, COLLECTION,
					ex.getMessage());
		}
	}

	/**
	 * mongo-java-server (the embedded store) has no secondary index but unique ones, and
	 * answers a query from an index only when the query is an equality on exactly that
	 * index's fields; without these two, every conditional update of a claim or an
	 * outcome would scan the whole collection. They are unique because they hold the
	 * {@code _id}. MongoDB finds those documents by {@code _id} and gets neither.
	 */
	private void ensureKeyIndexes() {
		this.messages.createIndex(Indexes.ascending(ID, STATUS, NEXT_ATTEMPT_AT, ATTEMPTS),
				new IndexOptions().name("claim_key").unique(true));
		this.messages.createIndex(Indexes.ascending(ID, OWNER, STATUS),
				new IndexOptions().name("held_key").unique(true));
	}

	private static boolean runsOnMongoJavaServer(MongoTemplate mongo) {
		try {
			return "java".equals(mongo.getDb().runCommand(new Document("serverStatus", 1)).get("process"));
		}
		catch (MongoException ex) {
			// serverStatus needs a monitoring role on MongoDB; a server that refuses it
			// is not the embedded one
			return false;
		}
	}

	/**
	 * An unordered bulk write that reports what it changed and, by index, the writes the
	 * database refused, rather than failing as a whole when some of them were refused.
	 */
	public BulkOutcome bulkWrite(List<WriteModel<Document>> updates) {
		try {
			return new BulkOutcome(
					this.messages.bulkWrite(updates, new BulkWriteOptions().ordered(false)).getModifiedCount(),
					Map.of());
		}
		catch (MongoBulkWriteException ex) {
			Map<Integer, String> refused = new LinkedHashMap<>();
			ex.getWriteErrors().forEach(error -> refused.put(error.getIndex(), error.getMessage()));
			log.warn("The database refused {} of {} write(s): {}", refused.size(), updates.size(),
					ex.getWriteErrors().isEmpty() ? ex.getMessage() : ex.getWriteErrors().get(0).getMessage());
			return new BulkOutcome(ex.getWriteResult().getModifiedCount(), refused);
		}
	}

	/**
	 * What a bulk write changed, and the writes refused, by their index.
	 *
	 * @param modified how many documents it changed
	 * @param refused the database's reason for each refused write, by the write's index
	 */
	public record BulkOutcome(int modified, Map<Integer, String> refused) {
	}

}
