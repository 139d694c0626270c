package io.messagedispatch.observability;

import java.io.UnsupportedEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.messagedispatch.dispatch.RunMode;
import io.messagedispatch.dispatch.run.DispatchRunner;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.Messages;
import io.messagedispatch.queue.MessageQueue;
import io.messagedispatch.support.Claims;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static io.messagedispatch.message.MessageBuilder.aMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Prometheus scrape after a dispatch through the built-in mock provider: every
 * dispatch meter moves.
 */
@Tag("e2e")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "messaging.processor.initial-delay=1h", "messaging.processor.clock-skew=0s",
				"messaging.metrics.queue-refresh=1s", "messaging.processor.batch-size=10",
				"messaging.processor.chunk-size=10" })
@AutoConfigureMockMvc
class MetricsScrapeTests {

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private Messages store;

	@Autowired
	private MessageQueue queue;

	@Autowired
	private DispatchRunner runner;

	@Test
	void theScrapeShowsTheDispatchMetersMove() {
		String before = scrape();
		for (int i = 0; i < 3; i++) {
			this.store.insert(aMessage().createdAt(Instant.now().minusSeconds(5)).build());
		}
		Message stale = aMessage().createdAt(Instant.now().minusSeconds(3600)).build();
		Claims.claim(this.queue, "a-runner-that-died", 10, Duration.ofMillis(1));

		this.runner.run(RunMode.ONCE);
		this.store.insert(stale);
		String after = scrape();

		assertThat(value(after, "messaging_dispatch_messages_total", "outcome=\"sent\""))
			.isEqualTo(value(before, "messaging_dispatch_messages_total", "outcome=\"sent\"") + 3);
		assertThat(value(after, "messaging_provider_requests_seconds_count", "status=\"2xx\""))
			.isEqualTo(value(before, "messaging_provider_requests_seconds_count", "status=\"2xx\"") + 3);
		assertThat(after).contains("messaging_provider_requests_seconds_bucket{");
		assertThat(value(after, "messaging_dispatch_runs_seconds_count", "mode=\"once\",outcome=\"completed\""))
			.isEqualTo(
					value(before, "messaging_dispatch_runs_seconds_count", "mode=\"once\",outcome=\"completed\"") + 1);
		assertThat(value(after, "messaging_dispatch_claims_reclaimed_total", ""))
			.isEqualTo(value(before, "messaging_dispatch_claims_reclaimed_total", "") + 3);
		assertThat(after).contains("messaging_cache_write_failures_total{");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String later = scrape();
			assertThat(value(later, "messaging_queue_messages", "status=\"sent\"")).isGreaterThanOrEqualTo(3);
			assertThat(value(later, "messaging_queue_messages", "status=\"unsent\"")).isGreaterThanOrEqualTo(1);
			assertThat(value(later, "messaging_queue_oldest_unsent_age_seconds", "")).isGreaterThan(3500);
		});
	}

	private String scrape() {
		var result = this.mvc.get().uri("/actuator/prometheus").exchange();
		assertThat(result).hasStatusOk();
		try {
			return result.getResponse().getContentAsString();
		}
		catch (UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The value of the first sample of {@code name} whose labels contain {@code labels};
	 * 0 when none.
	 */
	private static double value(String scrape, String name, String labels) {
		Matcher samples = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} (\\S+)$").matcher(scrape);
		while (samples.find()) {
			if (samples.group(1).contains(labels)) {
				return Double.parseDouble(samples.group(2));
			}
		}
		return 0;
	}

}
