package io.messagedispatch.message.mongo;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TTL indexes that follow their setting from one start to the next. MongoDB refuses to
 * create an index again under its name with another {@code expireAfterSeconds}, so an
 * index an earlier start left with another expiry is changed in place ({@code collMod}),
 * or, where the server refuses {@code collMod}, dropped and created again. Used for the
 * collections of this package and for other modules' collections that expire.
 */
public final class ExpiryIndexes {

	private static final Logger log = LoggerFactory.getLogger(ExpiryIndexes.class);

	/** MongoDB keeps {@code expireAfterSeconds} as a 32-bit integer. */
	static final long MAX_SECONDS = Integer.MAX_VALUE;

	private ExpiryIndexes() {
	}

	/**
	 * Makes {@code name} the TTL index on {@code field} that removes a document
	 * {@code expireAfter} after the date in that field, or drops it when
	 * {@code expireAfter} is null. Returns whether the index is in place as asked; a
	 * server that refuses it (a conflicting index under another name, a missing
	 * privilege) is logged, not fatal.
	 */
	public static boolean ensure(MongoDatabase database, MongoCollection<Document> collection, String name,
			String field, Duration expireAfter) {
		String collectionName = collection.getNamespace().getCollectionName();
		long seconds = expireAfter == null ? 0 : Math.min(expireAfter.toSeconds(), MAX_SECONDS);
		try {
			Document existing = find(collection, name);
			if (expireAfter == null) {
				if (existing != null) {
					drop(collection, name);
					log.info("Dropped the TTL index {} on {}.{}: its documents are kept", name, collectionName, field);
				}
				return false;
			}
			if (existing == null) {
				create(collection, name, field, seconds);
				return true;
			}
			Object current = existing.get("expireAfterSeconds");
			boolean sameKey = onlyOn(existing, field);
			if (sameKey && current instanceof Number number && number.longValue() == seconds) {
				return true;
			}
			if (!sameKey || !(current instanceof Number) || !modify(database, collection, name, seconds)) {
				drop(collection, name);
				create(collection, name, field, seconds);
			}
			log.info("The TTL index {} on {}.{} now expires documents after {} s (it was {})", name, collectionName,
					field, seconds, current == null ? "no TTL index" : current + " s");
			return true;
		}
		catch (MongoCommandException ex) {
			log.warn("Could not {} the TTL index {} on {}.{}: {}", expireAfter == null ? "drop" : "make", name,
					collectionName, field, ex.getErrorMessage());
			return false;
		}
	}

	private static Document find(MongoCollection<Document> collection, String name) {
		for (Document index : collection.listIndexes()) {
			if (name.equals(index.get("name"))) {
				return index;
			}
		}
		return null;
	}

	private static boolean onlyOn(Document index, String field) {
		return index.get("key") instanceof Document key && key.size() == 1 && key.get(field) instanceof Number direction
				&& direction.intValue() == 1;
	}

	private static void create(MongoCollection<Document> collection, String name, String field, long seconds) {
		collection.createIndex(Indexes.ascending(field),
				new IndexOptions().name(name).expireAfter(seconds, TimeUnit.SECONDS));
	}

	/**
	 * Changes the expiry of the index in place; false where the server refuses
	 * {@code collMod}: mongo-java-server has none, and MongoDB's {@code readWrite} role
	 * does not grant it (it grants dropping and creating indexes).
	 */
	private static boolean modify(MongoDatabase database, MongoCollection<Document> collection, String name,
			long seconds) {
		try {
			database.runCommand(new Document("collMod", collection.getNamespace().getCollectionName()).append("index",
					new Document("name", name).append("expireAfterSeconds", (int) seconds)));
			return true;
		}
		catch (MongoCommandException ex) {
			log.debug("collMod refused ({}); dropping and creating the index {} instead", ex.getErrorMessage(), name);
			return false;
		}
	}

	private static void drop(MongoCollection<Document> collection, String name) {
		try {
			collection.dropIndex(name);
		}
		catch (MongoCommandException ex) {
			// 27: another instance dropped it first
			if (ex.getErrorCode() != 27) {
				throw ex;
			}
		}
	}

}
