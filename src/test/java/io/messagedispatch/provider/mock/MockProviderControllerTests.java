package io.messagedispatch.provider.mock;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.jayway.jsonpath.JsonPath;
import io.messagedispatch.provider.WebhookProperties;
import io.messagedispatch.provider.http.WebhookSigner;
import io.messagedispatch.web.WebSlice;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.AdditionalMatchers.aryEq;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The built-in mock provider in a web slice, with the webhook signer and the report
 * sender mocked and its settings bound as in the application: the auth header it is
 * configured with, the signer's verdict, the body it needs, the {@code 202} with a
 * {@code messageId} that an {@code Idempotency-Key} keeps, one delivery report per
 * message it accepts, the simulated failures, and that the endpoint does not exist while
 * the mock provider is off.
 */
@WebMvcTest(controllers = MockProviderController.class,
		properties = { "messaging.mock-provider.enabled=true", "messaging.webhook.auth-header=x-provider-key",
				"messaging.webhook.auth-key=test-auth-key" })
@Import({ WebSlice.class, MockProviderControllerTests.ProviderSettings.class })
class MockProviderControllerTests {

	private static final String PATH = "/mock-provider/messages";

	private static final String BODY = "{\"to\":\"+905551111111\",\"content\":\"hi\"}";

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private WebhookSigner signer;

	@MockitoBean
	private MockReportSender reports;

	@Test
	void authorisedMessageIsAcceptedWithAMessageId() {
		MvcTestResult result = send("test-auth-key", null, BODY);

		assertThat(result).hasStatus(HttpStatus.ACCEPTED).hasContentType(MediaType.APPLICATION_JSON);
		assertThat(result).bodyJson().extractingPath("$").asMap().containsOnlyKeys("message", "messageId");
		assertThat(result).bodyJson().extractingPath("$.message").isEqualTo("Accepted");
		assertThat(result).bodyJson()
			.extractingPath("$.messageId")
			.asString()
			.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
	}

	@Test
	void sameIdempotencyKeyGetsTheSameMessageIdAndAnotherKeyAnother() {
		String first = messageId(send("test-auth-key", "slice-key-1", BODY));

		assertThat(messageId(send("test-auth-key", "slice-key-1", BODY))).isEqualTo(first);
		assertThat(messageId(send("test-auth-key", "slice-key-2", BODY))).isNotEqualTo(first);
		assertThat(messageId(send("test-auth-key", null, BODY))).isNotEqualTo(first);
	}

	@Test
	void eachMessageAcceptedIsReportedOnceUnderItsMessageIdAndARetryOfItIsNot() {
		String first = messageId(send("test-auth-key", "slice-key-4", BODY));
		String again = messageId(send("test-auth-key", "slice-key-4", BODY));
		String unkeyed = messageId(send("test-auth-key", null, BODY));

		assertThat(again).isEqualTo(first);
		then(this.reports).should().accepted(first);
		then(this.reports).should().accepted(unkeyed);
		then(this.reports).shouldHaveNoMoreInteractions();
	}

	@Test
	void refusedMessagesAreNotReported() {
		send("wrong", null, BODY);
		send("test-auth-key", null, "{}");

		verifyNoInteractions(this.reports);
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "", "wrong", "test-auth-key " })
	void wrongAuthKeyIsUnauthorisedBeforeTheSignatureIsChecked(String key) {
		assertUnauthorisedKey(send(key, null, BODY));
	}

	@Test
	void missingAuthKeyIsUnauthorisedBeforeTheSignatureIsChecked() {
		assertUnauthorisedKey(send(null, null, BODY));
	}

	@Test
	void signatureTheSignerRefusesIsUnauthorisedWithItsReason() {
		given(this.signer.problem(any(), any(), any(), any()))
			.willReturn(Optional.of("webhook-signature does not match"));

		MvcTestResult result = this.mvc.post()
			.uri(PATH)
			.contentType(MediaType.APPLICATION_JSON)
			.header("x-provider-key", "test-auth-key")
			.header(WebhookSigner.ID, "msg-1")
			.header(WebhookSigner.TIMESTAMP, "1777636800")
			.header(WebhookSigner.SIGNATURE, "v1,abc=")
			.content(BODY)
			.exchange();

		assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED).bodyJson().isStrictlyEqualTo("""
				{"type": "about:blank", "title": "Unauthorized", "status": 401,
				 "detail": "webhook-signature does not match", "instance": "/mock-provider/messages",
				 "error": "webhook-signature does not match"}""");
		then(this.signer).should()
			.problem(eq("msg-1"), eq("1777636800"), eq("v1,abc="), aryEq(BODY.getBytes(StandardCharsets.UTF_8)));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "{\"content\":\"hi\"}", "{\"to\":\" \",\"content\":\"hi\"}", "{\"to\":\"+905551111111\"}",
			"{\"to\":42,\"content\":\"hi\"}", "{\"to\":\"+905551111111\",\"content\":7}", "not json", "[1]", "null" })
	void bodyWithoutRecipientOrContentIsABadRequest(String body) {
		assertThat(send("test-auth-key", null, body)).hasStatus(HttpStatus.BAD_REQUEST).bodyJson().isStrictlyEqualTo("""
				{"type": "about:blank", "title": "Bad Request", "status": 400,
				 "detail": "body must carry \\"to\\" and \\"content\\"", "instance": "/mock-provider/messages",
				 "error": "body must carry \\"to\\" and \\"content\\""}""");
	}

	private MvcTestResult send(String authKey, String idempotencyKey, String body) {
		return send(this.mvc, authKey, idempotencyKey, body);
	}

	private void assertUnauthorisedKey(MvcTestResult result) {
		assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED).bodyJson().isStrictlyEqualTo("""
				{"type": "about:blank", "title": "Unauthorized", "status": 401,
				 "detail": "missing or wrong x-provider-key header", "instance": "/mock-provider/messages",
				 "error": "missing or wrong x-provider-key header"}""");
		verifyNoInteractions(this.signer);
	}

	private static MvcTestResult send(MockMvcTester mvc, String authKey, String idempotencyKey, String body) {
		var request = mvc.post().uri(PATH).contentType(MediaType.APPLICATION_JSON).content(body);
		if (authKey != null) {
			request.header("x-provider-key", authKey);
		}
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		return request.exchange();
	}

	private static String messageId(MvcTestResult result) {
		assertThat(result).hasStatus(HttpStatus.ACCEPTED);
		try {
			return JsonPath.read(result.getResponse().getContentAsString(), "$.messageId");
		}
		catch (UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Nested
	@TestPropertySource(properties = "messaging.mock-provider.failure-rate=1.0")
	class Failing {

		@Autowired
		private MockMvcTester mvc;

		@Test
		void failureRateOfOneAnswersEveryWellFormedMessageWithASimulated503() {
			assertThat(send(this.mvc, "test-auth-key", "slice-key-3", BODY)).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
				.bodyJson()
				.isStrictlyEqualTo("""
						{"type": "about:blank", "title": "Service Unavailable", "status": 503,
						 "detail": "simulated provider failure", "instance": "/mock-provider/messages",
						 "error": "simulated provider failure"}""");
		}

		@Test
		void refusalsComeBeforeTheSimulatedFailure() {
			assertThat(send(this.mvc, "wrong", null, BODY)).hasStatus(HttpStatus.UNAUTHORIZED);
			assertThat(send(this.mvc, "test-auth-key", null, "{}")).hasStatus(HttpStatus.BAD_REQUEST);
		}

	}

	@Nested
	@TestPropertySource(properties = "messaging.mock-provider.enabled=false")
	class Disabled {

		@Autowired
		private MockMvcTester mvc;

		@Test
		void endpointDoesNotExistWhileTheMockProviderIsOff() {
			assertThat(send(this.mvc, "test-auth-key", null, BODY)).hasStatus(HttpStatus.NOT_FOUND)
				.bodyJson()
				.extractingPath("$.error")
				.isEqualTo("no such endpoint: " + PATH);
		}

	}

	/**
	 * The settings the controller reads, bound from the test's properties; the slice
	 * leaves {@code @ConfigurationProperties} classes out. Imported, not a nested
	 * configuration, so that the nested tests share it without redeclaring it.
	 */
	@EnableConfigurationProperties({ MockProviderProperties.class, WebhookProperties.class })
	static class ProviderSettings {

	}

}
