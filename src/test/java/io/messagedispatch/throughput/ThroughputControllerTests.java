package io.messagedispatch.throughput;

import java.time.Instant;
import java.util.List;

import io.messagedispatch.security.Caller;
import io.messagedispatch.web.WebSlice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * {@code GET /processor/throughput} in a web slice with the counters mocked: the last
 * hour by default, any count of minutes from 1 to a day, anything else a 400 that never
 * reads the store, and a client key refused.
 */
@WebMvcTest(ThroughputController.class)
@Import(WebSlice.class)
class ThroughputControllerTests {

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private ThroughputCounters counters;

	@Test
	void theLastHourIsListedMinuteByMinuteByDefault() {
		given(this.counters.lastMinutes(60))
			.willReturn(List.of(new MinuteCount(Instant.parse("2026-05-01T12:00:00Z"), 120, 2, 5)));

		assertThat(this.mvc.get().uri("/processor/throughput")).hasStatusOk().bodyJson().isStrictlyEqualTo("""
				[{"minute": "2026-05-01T12:00:00Z", "sent": 120, "failed": 2, "retried": 5}]""");
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 1440 })
	void anyCountOfMinutesUpToADayIsRead(int minutes) {
		given(this.counters.lastMinutes(minutes)).willReturn(List.of());

		assertThat(this.mvc.get().uri("/processor/throughput?minutes={minutes}", minutes)).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("[]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "1441", "-5", "1.5", "sixty", "", "99999" })
	void minutesOutsideADayAreRefusedWithoutReadingTheStore(String minutes) {
		assertThat(this.mvc.get().uri("/processor/throughput?minutes={minutes}", minutes))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.error")
			.isEqualTo("invalid minutes parameter: a whole number from 1 to 1440");
		verifyNoInteractions(this.counters);
	}

	@Test
	void aClientKeyCannotReadTheClustersThroughput() {
		assertThat(
				this.mvc.get().uri("/processor/throughput").requestAttr(Caller.class.getName(), Caller.client("shop")))
			.hasStatus(HttpStatus.FORBIDDEN)
			.bodyJson()
			.extractingPath("$.error")
			.isEqualTo("this call is for the operator only");
		verifyNoInteractions(this.counters);
	}

}
