package io.messagedispatch.throughput;

import java.time.Duration;
import java.util.List;

import io.messagedispatch.dispatch.ProcessorSwitch;
import io.messagedispatch.dispatch.RunMode;
import io.messagedispatch.dispatch.run.DispatchRunner;
import io.messagedispatch.message.Messages;
import io.messagedispatch.support.ProviderStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static io.messagedispatch.message.MessageBuilder.aMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What dispatch runs send and give up on shows in {@code GET /processor/throughput}, for
 * the operator only, with the provider played by WireMock.
 */
@Tag("e2e")
@SpringBootTest(properties = { "messaging.processor.initial-delay=1h", "messaging.processor.batch-size=10",
		"messaging.processor.chunk-size=2", "messaging.security.operator-token=" + ThroughputEndToEndTests.OPERATOR })
@AutoConfigureMockMvc
class ThroughputEndToEndTests {

	static final String OPERATOR = "operator-token-5d4c3b2a1f0e";

	private static final ProviderStub provider = ProviderStub.start();

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private Messages store;

	@Autowired
	private DispatchRunner runner;

	@Autowired
	private ProcessorSwitch processorSwitch;

	private final JsonMapper json = JsonMapper.builder().build();

	@DynamicPropertySource
	static void provider(DynamicPropertyRegistry registry) {
		registry.add("messaging.webhook.url", provider::url);
	}

	@AfterAll
	static void stopProvider() {
		provider.close();
	}

	@Test
	void messagesSentAndGivenUpOnAreCountedInTheCurrentMinute() {
		this.processorSwitch.start();
		this.store.insertAll(List.of(aMessage().build(), aMessage().build(), aMessage().build()));
		assertThat(this.runner.run(RunMode.ONCE).sent()).isEqualTo(3);
		provider.answer(400, "{\"error\":\"invalid recipient\"}");
		this.store.insert(aMessage().build());
		assertThat(this.runner.run(RunMode.ONCE).failed()).isEqualTo(1);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode minutes = this.json.readTree(this.mvc.get()
				.uri("/processor/throughput?minutes=5")
				.header("Authorization", "Bearer " + OPERATOR)
				.exchange()
				.getResponse()
				.getContentAsString());
			assertThat(minutes.size()).isEqualTo(5);
			assertThat(total(minutes, "sent")).isEqualTo(3);
			assertThat(total(minutes, "failed")).isEqualTo(1);
			assertThat(total(minutes, "retried")).isZero();
		});
		assertThat(this.mvc.get().uri("/processor/throughput")).hasStatus(401);
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
