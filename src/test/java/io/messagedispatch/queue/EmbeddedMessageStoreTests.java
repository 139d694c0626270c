package io.messagedispatch.queue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import io.messagedispatch.store.embedded.IndexedMemoryBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The store contract against the embedded mongo-java-server the dev run uses; runs
 * everywhere.
 */
class EmbeddedMessageStoreTests extends MessageStoreContract {

	private static MongoServer server;

	private static MongoClient client;

	@BeforeAll
	static void startServer() {
		server = new MongoServer(new IndexedMemoryBackend());
		client = MongoClients.create(server.bindAndGetConnectionString());
	}

	@AfterAll
	static void stopServer() {
		client.close();
		server.shutdown();
	}

	@Override
	protected MongoClient client() {
		return client;
	}

	@Override
	protected boolean needsKeyIndexes() {
		return true;
	}

	/** What the queue does with documents other tools write, against the same server. */
	@Nested
	class ForeignDocuments extends ForeignDocumentsContract {

		@Override
		protected MongoClient client() {
			return client;
		}

	}

	/** The search, the sent listing and the bulk requeue, against the same server. */
	@Nested
	class Listings extends MessageListingContract {

		@Override
		protected MongoClient client() {
			return client;
		}

		@Override
		protected boolean plansQueries() {
			return false;
		}

	}

}
