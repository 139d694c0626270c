package io.messagedispatch.queue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The store contract against a real MongoDB 7; skipped where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class MongoContainerMessageStoreTests extends MessageStoreContract {

	@Container
	private static final MongoDBContainer mongo = new MongoDBContainer("mongo:7");

	private static MongoClient client;

	@BeforeAll
	static void connect() {
		client = MongoClients.create(mongo.getConnectionString());
	}

	@AfterAll
	static void disconnect() {
		client.close();
	}

	@Override
	protected MongoClient client() {
		return client;
	}

	@Override
	protected boolean needsKeyIndexes() {
		return false;
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
			return true;
		}

	}

}
