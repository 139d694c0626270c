package io.messagedispatch.delivery;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The delivery report contract against a real MongoDB 7, its index use included; skipped
 * where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class MongoContainerDeliveryReportStoreTests extends DeliveryReportStoreContract {

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
	protected boolean embedded() {
		return false;
	}

}
