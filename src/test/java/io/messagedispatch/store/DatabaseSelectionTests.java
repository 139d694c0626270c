package io.messagedispatch.store;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import io.messagedispatch.store.embedded.IndexedMemoryBackend;
import io.messagedispatch.MessageDispatchApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database the running service writes to, read back with a plain driver: the one
 * {@code MONGODB_URI} names, unless {@code MONGODB_DATABASE} names another.
 */
class DatabaseSelectionTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private MongoServer mongo;

	private String mongoUri;

	private MongoClient client;

	@BeforeEach
	void startMongo() {
		this.mongo = new MongoServer(new IndexedMemoryBackend());
		this.mongoUri = this.mongo.bindAndGetConnectionString();
		this.client = MongoClients.create(this.mongoUri);
	}

	@AfterEach
	void stopMongo() {
		this.client.close();
		this.mongo.shutdownNow();
	}

	@Test
	void aMessageLandsInTheDatabaseTheUriNames() throws Exception {
		String id = postAMessage("--MONGODB_URI=" + this.mongoUri + "/messaging");

		assertThat(messageIdsIn("messaging")).containsExactly(id);
		assertThat(messageIdsIn("message")).isEmpty();
	}

	@Test
	void mongodbDatabaseOverridesTheDatabaseTheUriNames() throws Exception {
		String id = postAMessage("--MONGODB_URI=" + this.mongoUri + "/messaging", "--MONGODB_DATABASE=audit");

		assertThat(messageIdsIn("audit")).containsExactly(id);
		assertThat(messageIdsIn("messaging")).isEmpty();
		assertThat(messageIdsIn("message")).isEmpty();
	}

	/**
	 * Starts the service with the given settings, posts one message through the API and
	 * stops it again.
	 */
	private String postAMessage(String... settings) throws Exception {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--messaging.processor.schedule=false"));
		args.addAll(List.of(settings));
		try (ConfigurableApplicationContext context = SpringApplication.run(MessageDispatchApplication.class,
				args.toArray(String[]::new))) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpResponse<String> created = this.http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/messages"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"phoneNumber\":\"+905551111111\",\"content\":\"hi\"}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			return JsonPath.read(created.body(), "$.id");
		}
	}

	private List<String> messageIdsIn(String database) {
		return this.client.getDatabase(database)
			.getCollection("messages")
			.find()
			.map(document -> String.valueOf(document.get("_id")))
			.into(new ArrayList<>());
	}

}
