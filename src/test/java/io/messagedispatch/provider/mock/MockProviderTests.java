package io.messagedispatch.provider.mock;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.jayway.jsonpath.JsonPath;
import io.messagedispatch.dispatch.RunMode;
import io.messagedispatch.dispatch.run.DispatchRunner;
import io.messagedispatch.message.Delivery;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;
import io.messagedispatch.provider.MockProvider;
import io.messagedispatch.provider.http.WebhookSigner;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static io.messagedispatch.message.MessageBuilder.aMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The built-in provider answers like the real one and reports deliveries back, so the dev
 * run shows the whole flow.
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
		void refusesForGoodAMessageMarkedToBeRefused() {
			assertThat(this.mvc.post()
				.uri(MockProviderController.PATH)
				.contentType(MediaType.APPLICATION_JSON)
				.header("x-ins-auth-key", "secret-key")
				.content("{\"to\":\"+12025550100\",\"content\":\"Test message 1 of 1 " + MockProvider.REFUSE_MARK
						+ "\"}"))
				.hasStatus(HttpStatus.UNPROCESSABLE_CONTENT)
				.bodyJson()
				.extractingPath("$.error")
				.isEqualTo("refused: the message asked the mock provider to refuse it");
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

	@Nested
	@Tag("e2e")
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "messaging.webhook.auth-key=k", "messaging.processor.initial-delay=1h",
					"messaging.webhook.signing-secret=" + Signed.SECRET,
					"messaging.webhook.report-secret=" + Signed.REPORT_SECRET,
					"messaging.mock-provider.report-delay=200ms" })
	@AutoConfigureMockMvc
	class Signed {

		static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

		static final String REPORT_SECRET = "whsec_c2VjcmV0LW9mLXRoZS1wcm92aWRlci1yZXBvcnRz";

		@Autowired
		private MockMvcTester mvc;

		@Autowired
		private Messages store;

		@Autowired
		private DispatchRunner runner;

		@Autowired
		private WebhookSigner signer;

		@Test
		void signedMessagesAreAcceptedEndToEnd() {
			Message message = aMessage().build();
			this.store.insert(message);

			assertThat(this.runner.run(RunMode.ONCE).sent()).isEqualTo(1);
			assertThat(this.store.findById(message.id())).get()
				.extracting(Message::status)
				.isEqualTo(MessageStatus.SENT);
		}

		@Test
		void sentMessagesAreReportedBackDeliveredSignedUnderTheReportSecret() {
			Message message = aMessage().build();
			this.store.insert(message);

			assertThat(this.runner.run(RunMode.ONCE).sent()).isEqualTo(1);

			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(this.store.findById(message.id()).orElseThrow().delivery()).isNotNull()
					.extracting(Delivery::status)
					.isEqualTo("delivered"));
			assertThat(this.store.findById(message.id()).orElseThrow().status()).isEqualTo(MessageStatus.SENT);
		}

		@Test
		void tamperedUnsignedOrStaleRequestsAreRefused() throws Exception {
			byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
			Map<String, String> headers = this.signer.headers("msg-1", body);
			assertThat(send(headers, BODY)).hasStatus(HttpStatus.ACCEPTED);

			assertThat(send(headers, BODY.replace("hi", "hello"))).hasStatus(HttpStatus.UNAUTHORIZED)
				.bodyJson()
				.extractingPath("$.error")
				.isEqualTo("webhook-signature does not match");
			assertThat(send(Map.of(), BODY)).hasStatus(HttpStatus.UNAUTHORIZED);
			Map<String, String> stale = new HashMap<>(headers);
			long tenMinutesAgo = Instant.now().minusSeconds(600).getEpochSecond();
			stale.put(WebhookSigner.TIMESTAMP, Long.toString(tenMinutesAgo));
			stale.put(WebhookSigner.SIGNATURE, "v1," + hmac("msg-1." + tenMinutesAgo + "." + BODY));
			assertThat(send(stale, BODY)).hasStatus(HttpStatus.UNAUTHORIZED)
				.bodyJson()
				.extractingPath("$.error")
				.asString()
				.contains("webhook-timestamp");
		}

		private static String hmac(String signed) throws Exception {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
			return Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
		}

		private MvcTestResult send(Map<String, String> headers, String body) {
			var request = this.mvc.post()
				.uri(MockProviderController.PATH)
				.contentType(MediaType.APPLICATION_JSON)
				.header("x-ins-auth-key", "k")
				.content(body);
			headers.forEach(request::header);
			return request.exchange();
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
