package io.messagedispatch.dispatch;

import java.time.Duration;

import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On embedded defaults (no WEBHOOK_URL), messages posted to the API reach the built-in
 * mock provider on schedule.
 */
@Tag("e2e")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "messaging.processor.interval=200ms", "messaging.processor.batch-size=2" })
@AutoConfigureMockMvc
class ScheduledDispatchTests {

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private Messages store;

	@Test
	void postedMessagesAreSentOnScheduleTwoPerRun() {
		for (int i = 0; i < 5; i++) {
			assertThat(this.mvc.post()
				.uri("/messages")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"phoneNumber\":\"+90555111111" + i + "\",\"content\":\"scheduled " + i + "\"}"))
				.hasStatus2xxSuccessful();
		}

		await().atMost(Duration.ofSeconds(20)).until(() -> this.store.countByStatus().get(MessageStatus.SENT) == 5);

		assertThat(this.store.findSent(5, null).messages())
			.allSatisfy(message -> assertThat(message.webhookMessageId()).isNotBlank());
		assertThat(this.mvc.get().uri("/processor/status")).bodyJson()
			.extractingPath("$.lastRuns[*].claimed")
			.asArray()
			.allSatisfy(claimed -> assertThat((Integer) claimed).isLessThanOrEqualTo(2));
	}

}
