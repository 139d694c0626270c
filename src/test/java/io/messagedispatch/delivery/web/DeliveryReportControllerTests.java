package io.messagedispatch.delivery.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.messagedispatch.delivery.DeliveryReport;
import io.messagedispatch.delivery.DeliveryReports;
import io.messagedispatch.delivery.DeliveryStatus;
import io.messagedispatch.delivery.ReportsReceived;
import io.messagedispatch.provider.ProviderCallbacks;
import io.messagedispatch.provider.WebhookProperties;
import io.messagedispatch.provider.http.WebhookSignature;
import io.messagedispatch.provider.http.WebhookSigningProperties;
import io.messagedispatch.web.WebSlice;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The delivery report endpoint in a web slice, with the real check of the provider's
 * credential (its settings bound as in the application) and the reports mocked: a report
 * signed under the report secret is read and handed on; an unsigned, badly signed or
 * stale one, the auth key alone where a signature is wanted, or a bearer token, is a
 * {@code 401} before the body is even read; a query parameter, an unknown field or a
 * value of the wrong form is a {@code 400} naming it; none of those reaches the reports.
 */
@WebMvcTest(controllers = DeliveryReportController.class,
		properties = { "messaging.webhook.report-secret=" + DeliveryReportControllerTests.SECRET,
				"messaging.webhook.auth-key=provider-key" })
@Import({ WebSlice.class, ProviderCallbacks.class, DeliveryReportControllerTests.ProviderSettings.class })
class DeliveryReportControllerTests {

	static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final String PATH = "/provider/delivery-reports";

	private static final String ONE = """
			{"messageId": "p-1", "status": "delivered", "at": "2026-05-01T12:00:03.123456Z"}""";

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private DeliveryReports reports;

	@Test
	void signedReportIsReadAndHandedOnAndTheAnswerSaysWhatBecameOfIt() {
		given(this.reports.receive(anyList())).willReturn(new ReportsReceived(1, 1, 0, 0));

		MvcTestResult result = post(signed(ONE), ONE);

		assertThat(result).hasStatusOk().bodyJson().isStrictlyEqualTo("""
				{"received": 1, "applied": 1, "unchanged": 0, "pending": 0}""");
		then(this.reports).should()
			.receive(List.of(new DeliveryReport("p-1", DeliveryStatus.DELIVERED,
					Instant.parse("2026-05-01T12:00:03.123Z"), null)));
	}

	@Test
	void anArrayOfReportsIsHandedOnInItsOrder() {
		String body = """
				[{"messageId": "p-1", "status": "delivered", "at": "2026-05-01T12:00:03Z"},
				 {"messageId": "p-2", "status": "undelivered", "at": "2026-05-01T12:00:04Z", "errorCode": "absent"},
				 {"messageId": "p-3", "status": "failed", "at": "2026-05-01T12:00:05Z", "errorCode": 30007}]""";
		given(this.reports.receive(anyList())).willReturn(new ReportsReceived(3, 2, 0, 1));

		assertThat(post(signed(body), body)).hasStatusOk();

		then(this.reports).should()
			.receive(List.of(
					new DeliveryReport("p-1", DeliveryStatus.DELIVERED, Instant.parse("2026-05-01T12:00:03Z"), null),
					new DeliveryReport("p-2", DeliveryStatus.UNDELIVERED, Instant.parse("2026-05-01T12:00:04Z"),
							"absent"),
					new DeliveryReport("p-3", DeliveryStatus.FAILED, Instant.parse("2026-05-01T12:00:05Z"), "30007")));
	}

	@Test
	void unsignedReportIsUnauthorisedWithTheUsualErrorBody() {
		assertThat(post(Map.of(), ONE)).hasStatus(HttpStatus.UNAUTHORIZED).bodyJson().isStrictlyEqualTo("""
				{"type": "about:blank", "title": "Unauthorized", "status": 401,
				 "detail": "missing webhook-id, webhook-timestamp or webhook-signature header",
				 "instance": "/provider/delivery-reports",
				 "error": "missing webhook-id, webhook-timestamp or webhook-signature header"}""");
		verifyNoInteractions(this.reports);
	}

	@Test
	void reportSignedOverAnotherBodyIsUnauthorised() {
		String changed = ONE.replace("delivered", "failed");

		assertThat(post(signed(ONE), changed)).hasStatus(HttpStatus.UNAUTHORIZED)
			.bodyJson()
			.extractingPath("$.error")
			.isEqualTo("webhook-signature does not match");
		verifyNoInteractions(this.reports);
	}

	@Test
	void reportSignedMoreThanFiveMinutesAgoIsUnauthorised() {
		Clock tenMinutesAgo = Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC);
		Map<String, String> stale = WebhookSignature.of(SECRET, "test", tenMinutesAgo)
			.headers("msg_1", ONE.getBytes(StandardCharsets.UTF_8));

		assertThat(post(stale, ONE)).hasStatus(HttpStatus.UNAUTHORIZED)
			.bodyJson()
			.extractingPath("$.error")
			.isEqualTo("webhook-timestamp is more than 5 minutes from now");
		verifyNoInteractions(this.reports);
	}

	@Test
	void theAuthKeyAloneOrABearerTokenIsUnauthorisedWhereASignatureIsWanted() {
		assertThat(post(Map.of("x-ins-auth-key", "provider-key"), ONE)).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(post(Map.of("Authorization", "Bearer shop-key-0123456789abcdef"), ONE))
			.hasStatus(HttpStatus.UNAUTHORIZED);
		verifyNoInteractions(this.reports);
	}

	@Test
	void anUnauthenticatedCallIsUnauthorisedWhateverItsBody() {
		assertThat(post(Map.of(), "not json")).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(this.mvc.post().uri(PATH).exchange()).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(this.mvc.post().uri(PATH + "?dryRun=true").exchange()).hasStatus(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void anyQueryParameterIsABadRequestNamingIt() {
		MvcTestResult result = this.mvc.post()
			.uri(PATH + "?statsu=delivered")
			.contentType(MediaType.APPLICATION_JSON)
			.headers(headers -> signed(ONE).forEach(headers::add))
			.content(ONE)
			.exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors[0]")
			.isEqualTo(Map.of("field", "statsu", "message", "is not a parameter of this call: it takes none"));
		verifyNoInteractions(this.reports);
	}

	@Test
	void anUnknownFieldIsABadRequestNamingIt() {
		String body = """
				{"messageId": "p-1", "status": "delivered", "at": "2026-05-01T12:00:03Z", "errorcode": "x"}""";

		assertThat(post(signed(body), body)).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors")
			.isEqualTo(List.of(Map.of("field", "errorcode", "message",
					"is not a field of a delivery report: use messageId, status, at, errorCode")));
		verifyNoInteractions(this.reports);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					{"status": "delivered", "at": "2026-05-01T12:00:03Z"}                       | messageId
					{"messageId": " ", "status": "delivered", "at": "2026-05-01T12:00:03Z"}     | messageId
					{"messageId": "p-1", "status": "DELIVERED", "at": "2026-05-01T12:00:03Z"}   | status
					{"messageId": "p-1", "status": "read", "at": "2026-05-01T12:00:03Z"}        | status
					{"messageId": "p-1", "status": "delivered"}                                 | at
					{"messageId": "p-1", "status": "delivered", "at": "yesterday"}              | at
					{"messageId": "p-1", "status": "delivered", "at": 1777636803}               | at
					{"messageId": "p-1", "status": "delivered", "at": "1969-12-31T23:59:59Z"}   | at
					{"messageId": "p-1", "status": "delivered", "at": "2999-01-01T00:00:00Z"}   | at
					{"messageId": "p-1", "status": "delivered", "at": "2026-05-01T12:00:03Z", "errorCode": {}} | errorCode
					[{"messageId": "p-1", "status": "delivered", "at": "2026-05-01T12:00:03Z"}, {"messageId": "p-2"}] | [1].status
					"delivered"                                                                 | report
					[]                                                                          | reports
					""")
	void aValueOfTheWrongFormIsABadRequestNamingItsField(String body, String field) {
		MvcTestResult result = post(signed(body), body);

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors[*].field")
			.asArray()
			.contains(field);
		verifyNoInteractions(this.reports);
	}

	@Test
	void moreThanAThousandReportsInOneCallIsABadRequest() {
		String body = IntStream.range(0, 1001)
			.mapToObj(i -> "{\"messageId\": \"p-" + i
					+ "\", \"status\": \"delivered\", \"at\": \"2026-05-01T12:00:03Z\"}")
			.collect(Collectors.joining(",", "[", "]"));

		assertThat(post(signed(body), body)).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.error")
			.isEqualTo("invalid delivery report: reports must be 1 to 1000 reports, not 1001");
		verifyNoInteractions(this.reports);
	}

	@Test
	void signedBodyThatIsNotJsonIsAMalformedRequest() {
		assertThat(post(signed("{\"messageId\":"), "{\"messageId\":")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.error")
			.isEqualTo("malformed request body: expected valid JSON of the documented shape");
		verifyNoInteractions(this.reports);
	}

	private MvcTestResult post(Map<String, String> headers, String body) {
		return post(this.mvc, headers, body);
	}

	private static MvcTestResult post(MockMvcTester mvc, Map<String, String> headers, String body) {
		var request = mvc.post().uri(PATH).contentType(MediaType.APPLICATION_JSON).content(body);
		headers.forEach(request::header);
		return request.exchange();
	}

	private static Map<String, String> signed(String body) {
		return WebhookSignature.of(SECRET, "test", Clock.systemUTC())
			.headers("msg_" + body.hashCode(), body.getBytes(StandardCharsets.UTF_8));
	}

	@Nested
	@TestPropertySource(properties = "messaging.webhook.report-secret=")
	class WithOnlyTheAuthKey {

		@Autowired
		private MockMvcTester mvc;

		@Test
		void theAuthKeyInTheAuthHeaderIsTheProviders() {
			given(DeliveryReportControllerTests.this.reports.receive(anyList()))
				.willReturn(new ReportsReceived(1, 0, 0, 1));

			assertThat(post(this.mvc, Map.of("x-ins-auth-key", "provider-key"), ONE)).hasStatusOk();
		}

		@Test
		void anyOtherKeyOrNoneIsUnauthorised() {
			assertThat(post(this.mvc, Map.of("x-ins-auth-key", "client-key"), ONE)).hasStatus(HttpStatus.UNAUTHORIZED)
				.bodyJson()
				.extractingPath("$.error")
				.isEqualTo("missing or wrong x-ins-auth-key header");
			assertThat(post(this.mvc, Map.of(), ONE)).hasStatus(HttpStatus.UNAUTHORIZED);
			verifyNoInteractions(DeliveryReportControllerTests.this.reports);
		}

	}

	@Nested
	@TestPropertySource(properties = { "messaging.webhook.report-secret=", "messaging.webhook.auth-key=" })
	class WithNeither {

		@Autowired
		private MockMvcTester mvc;

		@Test
		void everyReportIsUnauthorised() {
			assertThat(post(this.mvc, Map.of("x-ins-auth-key", ""), ONE)).hasStatus(HttpStatus.UNAUTHORIZED)
				.bodyJson()
				.extractingPath("$.error")
				.isEqualTo("delivery reports are not accepted: no report secret or auth key is set");
			verifyNoInteractions(DeliveryReportControllerTests.this.reports);
		}

	}

	/**
	 * The settings the provider's check reads, bound from the test's properties; the
	 * slice leaves {@code @ConfigurationProperties} classes out.
	 */
	@EnableConfigurationProperties({ WebhookProperties.class, WebhookSigningProperties.class })
	static class ProviderSettings {

	}

}
