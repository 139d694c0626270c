package io.messagedispatch.message;

import java.time.Duration;
import java.time.Instant;

import com.jayway.jsonpath.JsonPath;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.messagedispatch.queue.ImportedMessages;
import io.messagedispatch.queue.MessageQueue;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message written by another tool straight into the running service's MongoDB, as
 * mongoimport would, is visible through the API and adopted into the queue.
 */
@SpringBootTest
@AutoConfigureMockMvc
class DirectInsertTests {

	@Autowired
	private MongoConnectionDetails mongo;

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private Messages store;

	@Autowired
	private MessageQueue queue;

	@Autowired
	private ImportedMessages imported;

	@Test
	void documentInsertedOverTheWireIsReadAndAdopted() throws Exception {
		ObjectId id = new ObjectId();
		try (MongoClient client = MongoClients.create(this.mongo.getConnectionString())) {
			client.getDatabase("message")
				.getCollection("messages")
				.insertOne(new Document("_id", id).append("phoneNumber", "+905551111111")
					.append("content", "from mongoimport")
					.append("status", "unsent"));
		}

		String body = this.mvc.get().uri("/messages/" + id.toHexString()).exchange().getResponse().getContentAsString();
		assertThat((String) JsonPath.read(body, "$.content")).isEqualTo("from mongoimport");
		assertThat((String) JsonPath.read(body, "$.status")).isEqualTo("unsent");

		assertThat(this.imported.adopt(1000, Instant.now().plus(Duration.ofDays(1)))).isGreaterThanOrEqualTo(1);
		assertThat(this.store.findById(id.toHexString())).get()
			.satisfies(message -> assertThat(message.nextAttemptAt()).isEqualTo(id.getDate().toInstant()));
	}

}
