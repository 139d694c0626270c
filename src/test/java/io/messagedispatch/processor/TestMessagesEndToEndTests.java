package io.messagedispatch.processor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.messagedispatch.dispatch.DispatchOverview;
import io.messagedispatch.dispatch.RunMode;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Test messages through the whole service, as a dev run makes them: enqueued for the
 * built-in mock provider of this very server, dispatched at once by a drain run, the
 * share meant to fail refused with a 422 and failed for good, the others sent and
 * reported delivered, and all of it counted in the cluster's throughput.
 */
@Tag("e2e")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "messaging.processor.initial-delay=1h", "messaging.mock-provider.report-delay=100ms",
				"messaging.security.operator-token=" + TestMessagesEndToEndTests.OPERATOR })
@AutoConfigureMockMvc
class TestMessagesEndToEndTests {

	static final String OPERATOR = "operator-token-3e2d1c0b9a87";

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private Messages store;

	@Autowired
	private DispatchOverview dispatch;

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void testMessagesAreDispatchedAtOnceAndTheShareMeantToFailFailsForGood() throws Exception {
		String answer = this.mvc.post()
			.uri("/processor/test-messages")
			.header("Authorization", "Bearer " + OPERATOR)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"count\": 10, \"failureRate\": 0.3}")
			.exchange()
			.getResponse()
			.getContentAsString();
		List<String> ids = new ArrayList<>();
		this.json.readTree(answer).path("ids").forEach(id -> ids.add(id.asString()));
		assertThat(ids).hasSize(10);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			List<Message> messages = this.store.findAllById(ids);
			assertThat(messages).filteredOn(message -> message.status() == MessageStatus.SENT)
				.hasSize(7)
				.allSatisfy(sent -> assertThat(sent.delivery()).isNotNull());
			assertThat(messages).filteredOn(message -> message.status() == MessageStatus.FAILED)
				.hasSize(3)
				.allSatisfy(failed -> assertThat(failed.lastError()).startsWith("provider refused: HTTP 422"));
		});
		assertThat(this.dispatch.latestRuns(5)).extracting(run -> run.mode()).contains(RunMode.DRAIN);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode minutes = this.json.readTree(this.mvc.get()
				.uri("/processor/throughput?minutes=5")
				.header("Authorization", "Bearer " + OPERATOR)
				.exchange()
				.getResponse()
				.getContentAsString());
			assertThat(total(minutes, "sent")).isEqualTo(7);
			assertThat(total(minutes, "failed")).isEqualTo(3);
		});
	}

	/** The sum over the minutes, which may straddle a minute's end. */
	private static long total(JsonNode minutes, String field) {
		long total = 0;
		for (JsonNode minute : minutes) {
			total += minute.path(field).asLong();
		}
		return total;
	}

}
