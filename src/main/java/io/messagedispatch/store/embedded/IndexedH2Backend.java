package io.messagedispatch.store.embedded;

import java.util.List;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend (documents in one file) with the secondary indexes that
 * hold {@code _id} kept in order in memory ({@link OrderedIndex}), rebuilt from the file
 * when it opens, and used by queries ({@link IndexPlan}).
 */
public class IndexedH2Backend extends H2Backend {

	/**
	 * The store of the database being built: H2Database opens its collections from its
	 * constructor, before a subclass could keep the store in a field.
	 */
	private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();

	/**
	 * The pages of documents kept decoded in memory, in MB: H2's default of 16 holds
	 * about 20,000 messages, beyond which every lookup by id or phone number decoded a
	 * page from the file again.
	 */
	private static final int CACHE_MB = 64;

	public IndexedH2Backend(String fileName) {
		super(new MVStore.Builder().fileName(fileName).cacheSize(CACHE_MB).open());
	}

	@Override
	protected MongoDatabase openOrCreateDatabase(String databaseName) {
		OPENING.set(getMvStore());
		try {
			return new Database(databaseName, getMvStore(), getCursorRegistry());
		}
		finally {
			OPENING.remove();
		}
	}

	private static final class Database extends H2Database {

		// the same prefixes H2Database names its maps with
		private static final String DATA_PREFIX = "databases.";

		private static final String META_PREFIX = "meta.";

		private final MVStore store;

		Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
			super(databaseName, store, cursorRegistry);
			this.store = store;
		}

		@Override
		public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver resolver,
				Oplog oplog) {
			if ("aggregate".equalsIgnoreCase(command) && query.get("aggregate") instanceof String name
					&& resolveCollection(name, false) instanceof Collection collection) {
				Document answer = IndexCounts.aggregate(getDatabaseName(), query, collection);
				if (answer != null) {
					return answer;
				}
			}
			return super.handleCommand(channel, command, query, resolver, oplog);
		}

		@Override
		protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
			MVStore mvStore = (this.store != null) ? this.store : OPENING.get();
			String fullName = getFullCollectionNamespace(collectionName);
			MVMap<Object, Document> data = mvStore.openMap(DATA_PREFIX + fullName);
			MVMap<String, Object> meta = mvStore.openMap(META_PREFIX + fullName);
			return new Collection(this, collectionName, options, data, meta, this.cursorRegistry);
		}

		@Override
		protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
				boolean sparse) {
			return OrderedIndex.canOrder(keys) ? new OrderedIndex<>(indexName, keys)
					: super.openOrCreateSecondaryIndex(collectionName, indexName, keys, sparse);
		}

	}

	private static final class Collection extends H2Collection implements OrderedCollection<Object> {

		Collection(MongoDatabase database, String collectionName, CollectionOptions options,
				MVMap<Object, Document> data, MVMap<String, Object> meta, CursorRegistry cursorRegistry) {
			super(database, collectionName, options, data, meta, cursorRegistry);
		}

		@Override
		public Document read(Object position) {
			return getDocument(position);
		}

		@Override
		public boolean matches(Document document, Document query) {
			return documentMatchesQuery(document, query);
		}

		@Override
		public long documentCount() {
			return count();
		}

		@Override
		protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
				int batchSize, Document fieldSelector) {
			IndexPlan<Object> plan = IndexPlan.of(getIndexes(), query, orderBy);
			if (plan == null) {
				return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
			}
			return matchDocumentsFromStream(query,
					plan.documents(this::getDocument, this::documentMatchesQuery, orderBy), numberToSkip, limit,
					batchSize, plan.sorted() ? null : deriveComparator(orderBy), fieldSelector);
		}

	}

}
