package io.messagedispatch.delivery;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import io.messagedispatch.store.embedded.IndexedMemoryBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The delivery report contract against the embedded mongo-java-server the dev run uses;
 * runs everywhere.
 */
class EmbeddedDeliveryReportStoreTests extends DeliveryReportStoreContract {

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
	protected boolean embedded() {
		return true;
	}

}
