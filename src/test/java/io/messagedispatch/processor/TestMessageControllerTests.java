package io.messagedispatch.processor;

import java.util.List;

import io.messagedispatch.dispatch.DispatchOnDemand;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessageRules;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;
import io.messagedispatch.provider.MockProvider;
import io.messagedispatch.security.Caller;
import io.messagedispatch.web.WebSlice;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Test messages in a web slice, with the store and the dispatch on demand mocked: the
 * count asked for is enqueued unsent to fictional numbers, the share to fail marked for
 * the mock provider to refuse, and a drain run asked for; a count or rate out of range, a
 * count that is not whole, an unknown field, a query parameter or no body is a 400 that
 * enqueues nothing; a client key is refused; and where messages do not go to the mock
 * provider the endpoint does not exist.
 */
class TestMessageControllerTests {

	@Nested
	@WebMvcTest(TestMessageController.class)
	@Import(WebSlice.class)
	class WhileTheMockProviderIsTheTarget {

		@Autowired
		private MockMvcTester mvc;

		@MockitoBean
		private Messages messages;

		@MockitoBean
		private DispatchOnDemand dispatch;

		@Test
		void theOfferSaysHowManyOneRequestMayEnqueue() {
			assertThat(this.mvc.get().uri("/processor/test-messages")).hasStatusOk()
				.bodyJson()
				.isStrictlyEqualTo("{\"maxCount\": 1000}");
		}

		@Test
		void theCountIsEnqueuedWithTheShareToFailMarkedAndDispatchedAtOnce() {
			MvcTestResult result = post("{\"count\": 10, \"failureRate\": 0.3}");

			assertThat(result).hasStatus(HttpStatus.CREATED).bodyJson().satisfies(json -> {
				assertThat(json).extractingPath("$.enqueued").isEqualTo(10);
				assertThat(json).extractingPath("$.meantToFail").isEqualTo(3);
				assertThat(json).extractingPath("$.ids").asArray().hasSize(10);
			});
			List<Message> enqueued = enqueued();
			assertThat(enqueued).hasSize(10).allSatisfy(message -> {
				assertThat(message.status()).isEqualTo(MessageStatus.UNSENT);
				assertThat(message.phoneNumber()).matches("\\+120255501\\d\\d");
				assertThat(MessageRules.isPhoneNumber(message.phoneNumber())).isTrue();
				assertThat(message.content()).startsWith("Test message ").hasSizeLessThanOrEqualTo(160);
			});
			assertThat(enqueued).filteredOn(message -> message.content().contains(MockProvider.REFUSE_MARK)).hasSize(3);
			then(this.dispatch).should().drainSoon();
		}

		@Test
		void withoutAFailureRateNoneIsMeantToFail() {
			assertThat(post("{\"count\": 4}")).hasStatus(HttpStatus.CREATED)
				.bodyJson()
				.extractingPath("$.meantToFail")
				.isEqualTo(0);
			assertThat(enqueued()).noneMatch(message -> message.content().contains(MockProvider.REFUSE_MARK));
		}

		@ParameterizedTest
		@ValueSource(strings = { "{\"count\": 0}", "{\"count\": 1001}", "{\"count\": 2.5}", "{\"count\": -3}",
				"{\"failureRate\": 0.5}", "{\"count\": 5, \"failureRate\": 1.01}",
				"{\"count\": 5, \"failureRate\": -0.1}", "{\"count\": 1, \"failureRate\": 1e-1000000000}",
				"{\"count\": 1e-1000000000}" })
		@Timeout(30)
		void aCountOrRateOutOfItsRangeIsRefusedAndNothingEnqueued(String body) {
			assertThat(post(body)).hasStatus(HttpStatus.BAD_REQUEST)
				.bodyJson()
				.extractingPath("$.errors[0].field")
				.isIn("count", "failureRate");
			verifyNoInteractions(this.messages, this.dispatch);
		}

		@Test
		void aBodyThatIsNotJsonIsRefusedSoThatAnotherSiteCannotSendOne() {
			assertThat(this.mvc.post()
				.uri("/processor/test-messages")
				.contentType(MediaType.TEXT_PLAIN)
				.content("{\"count\": 5}")
				.exchange()).hasStatus(HttpStatus.BAD_REQUEST)
				.bodyJson()
				.extractingPath("$.errors[0].field")
				.isEqualTo("Content-Type");
			verifyNoInteractions(this.messages, this.dispatch);
		}

		@Test
		void anUnknownFieldIsRefusedRatherThanIgnored() {
			assertThat(post("{\"count\": 5, \"failurerate\": 0.5}")).hasStatus(HttpStatus.BAD_REQUEST)
				.bodyJson()
				.extractingPath("$.error")
				.isEqualTo("malformed request body: unknown field 'failurerate'");
			verifyNoInteractions(this.messages, this.dispatch);
		}

		@Test
		void aQueryParameterIsRefusedByName() {
			assertThat(this.mvc.post()
				.uri("/processor/test-messages?count=5")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"count\": 5}")).hasStatus(HttpStatus.BAD_REQUEST)
				.bodyJson()
				.extractingPath("$.errors[0].field")
				.isEqualTo("count");
			verifyNoInteractions(this.messages, this.dispatch);
		}

		@Test
		void noBodyIsRefused() {
			assertThat(this.mvc.post().uri("/processor/test-messages")).hasStatus(HttpStatus.BAD_REQUEST)
				.bodyJson()
				.extractingPath("$.errors[0].field")
				.isEqualTo("body");
			verifyNoInteractions(this.messages, this.dispatch);
		}

		@Test
		void aClientKeyCannotSendTestMessagesWhateverItSends() {
			for (String body : new String[] { "{\"count\": 5}", "{\"status\": \"unsent\"}", "not json" }) {
				assertThat(this.mvc.post()
					.uri("/processor/test-messages?status=failed")
					.requestAttr(Caller.class.getName(), Caller.client("shop"))
					.contentType(MediaType.APPLICATION_JSON)
					.content(body)).as(body).hasStatus(HttpStatus.FORBIDDEN);
			}
			assertThat(this.mvc.get()
				.uri("/processor/test-messages")
				.requestAttr(Caller.class.getName(), Caller.client("shop"))).hasStatus(HttpStatus.FORBIDDEN);
			verifyNoInteractions(this.messages, this.dispatch);
		}

		@Test
		void aBodyThatIsNotJsonIsRefused() {
			assertThat(post("{\"count\": ")).hasStatus(HttpStatus.BAD_REQUEST)
				.bodyJson()
				.extractingPath("$.error")
				.asString()
				.startsWith("malformed request body");
			verifyNoInteractions(this.messages, this.dispatch);
		}

		private MvcTestResult post(String body) {
			return this.mvc.post()
				.uri("/processor/test-messages")
				.contentType(MediaType.APPLICATION_JSON)
				.content(body)
				.exchange();
		}

		@SuppressWarnings("unchecked")
		private List<Message> enqueued() {
			ArgumentCaptor<List<Message>> batch = ArgumentCaptor.forClass(List.class);
			then(this.messages).should().insertAll(batch.capture());
			return batch.getValue();
		}

	}

	@Nested
	@WebMvcTest(TestMessageController.class)
	@Import(WebSlice.class)
	@TestPropertySource(properties = "messaging.webhook.url=http://127.0.0.1:9/messages")
	class WhileARealProviderIsSet {

		@Autowired
		private MockMvcTester mvc;

		@MockitoBean
		private Messages messages;

		@MockitoBean
		private DispatchOnDemand dispatch;

		@Test
		void thereAreNoTestMessages() {
			assertThat(this.mvc.get().uri("/processor/test-messages")).hasStatus(HttpStatus.NOT_FOUND);
			assertThat(this.mvc.post()
				.uri("/processor/test-messages")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"count\": 5}")).hasStatus(HttpStatus.NOT_FOUND);
			verifyNoInteractions(this.messages, this.dispatch);
		}

	}

	@Nested
	@WebMvcTest(TestMessageController.class)
	@Import(WebSlice.class)
	@TestPropertySource(properties = "messaging.mock-provider.enabled=false")
	class WhileTheMockProviderIsOff {

		@Autowired
		private MockMvcTester mvc;

		@MockitoBean
		private Messages messages;

		@MockitoBean
		private DispatchOnDemand dispatch;

		@Test
		void thereAreNoTestMessages() {
			assertThat(this.mvc.post()
				.uri("/processor/test-messages")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"count\": 5}")).hasStatus(HttpStatus.NOT_FOUND);
			verifyNoInteractions(this.messages, this.dispatch);
		}

	}

}
