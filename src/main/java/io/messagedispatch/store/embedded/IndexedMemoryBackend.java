package io.messagedispatch.store.embedded;

import java.util.List;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;

/**
 * mongo-java-server's memory backend with the secondary indexes that hold {@code _id}
 * kept in order ({@link OrderedIndex}) and used by queries ({@link IndexPlan}), so a page
 * of a listing reads a page of documents rather than sorting the collection.
 */
public class IndexedMemoryBackend extends MemoryBackend {

	@Override
	public MemoryDatabase openOrCreateDatabase(String databaseName) {
		return new Database(databaseName, getCursorRegistry());
	}

	private static final class Database extends MemoryDatabase {

		Database(String databaseName, CursorRegistry cursorRegistry) {
			super(databaseName, cursorRegistry);
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
		protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
			return new Collection(this, collectionName, options, this.cursorRegistry);
		}

		@Override
		protected Index<Integer> openOrCreateSecondaryIndex(String collectionName, String indexName,
				List<IndexKey> keys, boolean sparse) {
			return OrderedIndex.canOrder(keys) ? new OrderedIndex<>(indexName, keys)
					: super.openOrCreateSecondaryIndex(collectionName, indexName, keys, sparse);
		}

	}

	private static final class Collection extends MemoryCollection implements OrderedCollection<Integer> {

		Collection(MongoDatabase database, String collectionName, CollectionOptions options,
				CursorRegistry cursorRegistry) {
			super(database, collectionName, options, cursorRegistry);
		}

		@Override
		public Document read(Integer position) {
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
			IndexPlan<Integer> plan = IndexPlan.of(getIndexes(), query, orderBy);
			if (plan == null) {
				return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
			}
			return matchDocumentsFromStream(query,
					plan.documents(this::getDocument, this::documentMatchesQuery, orderBy), numberToSkip, limit,
					batchSize, plan.sorted() ? null : deriveComparator(orderBy), fieldSelector);
		}

	}

}
