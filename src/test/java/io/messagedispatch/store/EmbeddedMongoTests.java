package io.messagedispatch.store;

import java.net.ServerSocket;
import java.nio.file.Path;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dev run's embedded MongoDB: reachable by any driver over TCP, and its data survives
 * a restart.
 */
class EmbeddedMongoTests {

	@TempDir
	Path dataDir;

	@Test
	void dataWrittenOverTcpSurvivesARestart() {
		try (EmbeddedMongo mongo = EmbeddedMongo.start(0, this.dataDir);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			messages(client).insertOne(new Document("phoneNumber", "+905551111111").append("content", "kept"));
		}

		try (EmbeddedMongo restarted = EmbeddedMongo.start(0, this.dataDir);
				MongoClient client = MongoClients.create(restarted.connectionString())) {
			Document kept = messages(client).find().first();
			assertThat(kept).isNotNull();
			assertThat(kept.getString("content")).isEqualTo("kept");
		}
	}

	@Test
	void takesTheNextPortWhenThePreferredOneIsBusy() throws Exception {
		try (ServerSocket busy = new ServerSocket(0);
				EmbeddedMongo mongo = EmbeddedMongo.start(busy.getLocalPort(), null)) {
			assertThat(mongo.connectionString()).doesNotEndWith(":" + busy.getLocalPort())
				.startsWith("mongodb://127.0.0.1:");
		}
	}

	private static MongoCollection<Document> messages(MongoClient client) {
		return client.getDatabase("message").getCollection("messages");
	}

}
