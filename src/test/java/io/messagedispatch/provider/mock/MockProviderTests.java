package io.messagedispatch.provider.mock;

import java.io.UnsupportedEncodingException;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built-in provider answers like the real one, so the dev run shows the whole flow.
 */
class MockProviderTests {

	private static final String BODY = "{\"to\":\"+905551111111\",\"content\":\"hi\"}";

	@Nested
	@SpringBootTest(properties = "messaging.webhook.auth-key=secret-key")
	@AutoConfigureMockMvc
	class Healthy {

		@Autowired
		private MockMvcTester mvc;

		@Test
		void acceptsWithAMessageId() {
			assertThat(send("secret-key", "key-1")).hasStatus(HttpStatus.ACCEPTED)
				.bodyJson()
				.extractingPath("$.message")
				.isEqualTo("Accepted");
			assertThat(send("secret-key", "key-1")).bodyJson().extractingPath("$.messageId").isNotNull();
		}

		@Test
		void sameIdempotencyKeyGetsTheSameMessageId() {
			String first = messageId(send("secret-key", "key-2"));
			String again = messageId(send("secret-key", "key-2"));
			String other = messageId(send("secret-key", "key-3"));

			assertThat(again).isEqualTo(first);
			assertThat(other).isNotEqualTo(first);
		}

		@Test
		void refusesAMissingOrWrongAuthKey() {
			assertThat(send(null, "key-4")).hasStatus(HttpStatus.UNAUTHORIZED);
			assertThat(send("wrong", "key-4")).hasStatus(HttpStatus.UNAUTHORIZED)
				.bodyJson()
				.extractingPath("$.error")
				.asString()
				.contains("x-ins-auth-key");
		}

		@Test
		void refusesABodyWithoutRecipient() {
			assertThat(this.mvc.post()
				.uri(MockProviderController.PATH)
				.contentType(MediaType.APPLICATION_JSON)
				.header("x-ins-auth-key", "secret-key")
				.content("{\"content\":\"hi\"}")).hasStatus(HttpStatus.BAD_REQUEST);
		}

		private MvcTestResult send(String authKey, String idempotencyKey) {
			var request = this.mvc.post()
				.uri(MockProviderController.PATH)
				.contentType(MediaType.APPLICATION_JSON)
				.header("Idempotency-Key", idempotencyKey)
				.content(BODY);
			if (authKey != null) {
				request.header("x-ins-auth-key", authKey);
			}
			return request.exchange();
		}

	}

	@Nested
	@SpringBootTest(properties = { "messaging.webhook.auth-key=k", "messaging.mock-provider.failure-rate=1.0" })
	@AutoConfigureMockMvc
	class Failing {

		@Autowired
		private MockMvcTester mvc;

		@Test
		void failsAsToldTo() {
			assertThat(this.mvc.post()
				.uri(MockProviderController.PATH)
				.contentType(MediaType.APPLICATION_JSON)
				.header("x-ins-auth-key", "k")
				.content(BODY)).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
		}

	}

	private static String messageId(MvcTestResult result) {
		try {
			return JsonPath.read(result.getResponse().getContentAsString(), "$.messageId");
		}
		catch (UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
