package io.messagedispatch.support;

import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import io.messagedispatch.store.embedded.IndexedMemoryBackend;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * An in-memory mongo-java-server for one test class, on a free loopback port: register it
 * as a static {@code @RegisterExtension} field and take a fresh database per test.
 */
public final class InMemoryMongo implements BeforeAllCallback, AfterAllCallback {

	private MongoServer server;

	private MongoClient client;

	@Override
	public void beforeAll(ExtensionContext context) {
		this.server = new MongoServer(new IndexedMemoryBackend());
		this.client = MongoClients.create(this.server.bindAndGetConnectionString());
	}

	@Override
	public void afterAll(ExtensionContext context) {
		this.client.close();
		this.server.shutdown();
	}

	/** A database of its own, so that no test sees another's documents. */
	public MongoTemplate freshDatabase(String prefix) {
		return new MongoTemplate(this.client, prefix + "-" + UUID.randomUUID());
	}

}
