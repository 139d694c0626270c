package io.messagedispatch.security;

import java.io.UnsupportedEncodingException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.jayway.jsonpath.JsonPath;
import io.messagedispatch.dispatch.ProcessorSwitch;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static io.messagedispatch.message.MessageBuilder.aMessage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With client keys set beside the operator token, a client system reaches only its own
 * messages (another client's is not found, with the answer an unknown id gets) and none
 * of the operator's calls (a 403 in the usual error body, with nothing done), while the
 * operator reaches everything and sees which client enqueued each message. Idempotency
 * keys are each client's own, and the keys are never shown or logged.
 */
@SpringBootTest(properties = { "messaging.security.operator-token=" + ClientKeysTests.OPERATOR,
		"messaging.security.client-keys=shop:" + ClientKeysTests.SHOP + ", crm:" + ClientKeysTests.CRM + ",",
		"messaging.processor.initial-delay=1h", "messaging.webhook.auth-key=k",
		"management.endpoints.web.exposure.include=health,env,configprops",
		"management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always",
		"logging.level.io.messagedispatch.security=DEBUG" })
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class ClientKeysTests {

	static final String OPERATOR = "operator-token-5a0c1e7f93d2";

	static final String SHOP = "shop-key-0d9e8f7a6b5c4d3e";

	static final String CRM = "crm-key-1a2b3c4d5e6f7a8b";

	private static final String UNKNOWN_ID = "6650a1b2c3d4e5f6012345ff";

	private static final String ONE = "{\"phoneNumber\":\"+905551111111\",\"content\":\"hi\"}";

	/**
	 * What a client key may call; every other call under the guarded paths is the
	 * operator's.
	 */
	private static final Set<String> CLIENT_CALLS = Set.of("POST /messages", "POST /messages/batch", "GET /messages",
			"GET /messages/{id}", "GET /messages/{id}/attempts", "POST /messages/{id}/cancel",
			"GET /messages/{id}/receipt", "GET /processor/sent-messages");

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private Messages messages;

	@Autowired
	private ProcessorSwitch processorSwitch;

	@Autowired
	private RequestMappingHandlerMapping requestMappingHandlerMapping;

	@Test
	void aClientKeyIsRefusedTheOperatorsCallsInTheUsualErrorBodyAndNothingIsDone() {
		Message failed = this.messages.insert(aMessage().client("shop").failed("gave up").build());
		Message unsent = this.messages.insert(aMessage().client("shop").build());
		boolean running = this.processorSwitch.isRunning();

		assertOperatorOnly(this.mvc.post().uri("/processor/stop"), "/processor/stop");
		assertOperatorOnly(this.mvc.post().uri("/processor/start"), "/processor/start");
		assertOperatorOnly(this.mvc.get().uri("/processor/status"), "/processor/status");
		assertOperatorOnly(this.mvc.post().uri("/messages/{id}/requeue", failed.id()),
				"/messages/" + failed.id() + "/requeue");
		assertOperatorOnly(this.mvc.post().uri("/messages/requeue").param("status", "failed"), "/messages/requeue");
		assertOperatorOnly(this.mvc.post()
			.uri("/messages/cancel")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"status\": \"unsent\"}"), "/messages/cancel");

		assertThat(this.processorSwitch.isRunning()).isEqualTo(running);
		assertThat(this.messages.findById(failed.id())).get()
			.extracting(Message::status)
			.isEqualTo(MessageStatus.FAILED);
		assertThat(this.messages.findById(unsent.id())).get()
			.extracting(Message::status)
			.isEqualTo(MessageStatus.UNSENT);
		assertThat(call(this.mvc.post().uri("/messages/{id}/requeue", failed.id()), OPERATOR)).hasStatusOk();
	}

	@Test
	void everyCallUnderTheGuardedPathsButTheClientsOwnIsTheOperators() {
		List<String> operatorCalls = new ArrayList<>();
		this.requestMappingHandlerMapping.getHandlerMethods()
			.keySet()
			.forEach(info -> info.getPatternValues()
				.stream()
				.filter(path -> path.startsWith("/messages") || path.startsWith("/processor"))
				.forEach(path -> info.getMethodsCondition()
					.getMethods()
					.forEach(method -> operatorCalls.add(method.name() + " " + path))));
		assertThat(operatorCalls).containsAll(CLIENT_CALLS);
		operatorCalls.removeAll(CLIENT_CALLS);

		assertThat(operatorCalls).contains("POST /processor/start", "POST /processor/stop", "GET /processor/status",
				"POST /messages/{id}/requeue", "POST /messages/requeue", "POST /messages/cancel");
		for (String operatorCall : operatorCalls) {
			String method = operatorCall.substring(0, operatorCall.indexOf(' '));
			String path = operatorCall.substring(operatorCall.indexOf(' ') + 1).replace("{id}", UNKNOWN_ID);
			// whatever the call needs besides, so that only the caller stands in its way
			assertOperatorOnly(this.mvc.method(HttpMethod.valueOf(method))
				.uri(path)
				.param("status", "failed")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"status\": \"unsent\"}"), path);
		}
	}

	@Test
	void aClientEnqueuesLooksUpAndCancelsItsOwnMessages() {
		String id = enqueue(SHOP, ONE);

		assertThat(call(this.mvc.get().uri("/messages/{id}", id), SHOP)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.client")
			.isEqualTo("shop");
		assertThat(call(this.mvc.post().uri("/messages/{id}/cancel", id), SHOP)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.status")
			.isEqualTo("cancelled");
		MvcTestResult batch = call(this.mvc.post()
			.uri("/messages/batch")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"messages\": [" + ONE + "]}"), SHOP);
		assertThat(batch).hasStatus(HttpStatus.CREATED);
		String batched = JsonPath.read(bodyOf(batch), "$.ids[0]");
		assertThat(this.messages.findById(batched)).get().extracting(Message::client).isEqualTo("shop");
	}

	@Test
	void anotherClientsMessageIsNotFoundJustAsAnUnknownOne() {
		String id = enqueue(SHOP, ONE);
		Message sent = this.messages.insert(aMessage().client("shop").sent("provider-1", Instant.now()).build());

		for (String target : List.of(id, sent.id())) {
			assertNotFound(call(this.mvc.get().uri("/messages/{id}", target), CRM), "/messages/" + target, target);
			assertNotFound(call(this.mvc.get().uri("/messages/{id}/receipt", target), CRM),
					"/messages/" + target + "/receipt", target);
		}
		assertNotFound(call(this.mvc.post().uri("/messages/{id}/cancel", id), CRM), "/messages/" + id + "/cancel", id);
		assertNotFound(call(this.mvc.get().uri("/messages/{id}", UNKNOWN_ID), CRM), "/messages/" + UNKNOWN_ID,
				UNKNOWN_ID);

		assertThat(this.messages.findById(id)).get().extracting(Message::status).isEqualTo(MessageStatus.UNSENT);
		assertThat(call(this.mvc.get().uri("/messages/{id}/receipt", sent.id()), SHOP)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.messageId")
			.isEqualTo("provider-1");
	}

	@Test
	void aClientListsOnlyItsOwnMessagesAndTheOperatorListsEveryClients() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		Message shops = this.messages.insert(aMessage().client("shop").sent("p-shop", now).build());
		Message crms = this.messages.insert(aMessage().client("crm").sent("p-crm", now.plusMillis(1)).build());
		Message operators = this.messages.insert(aMessage().sent("p-operator", now.plusMillis(2)).build());
		List<String> everyone = List.of(shops.id(), crms.id(), operators.id());

		List<String> shopsSent = ids(call(this.mvc.get().uri("/processor/sent-messages?limit=1000"), SHOP));
		List<String> shopsListed = ids(call(this.mvc.get().uri("/messages?status=sent&limit=1000"), SHOP));
		List<String> operatorsSent = ids(call(this.mvc.get().uri("/processor/sent-messages?limit=1000"), OPERATOR));
		List<String> operatorsListed = ids(call(this.mvc.get().uri("/messages?status=sent&limit=1000"), OPERATOR));

		assertThat(shopsSent).contains(shops.id()).doesNotContain(crms.id(), operators.id());
		assertThat(shopsListed).contains(shops.id()).doesNotContain(crms.id(), operators.id());
		assertThat(operatorsSent).containsAll(everyone);
		assertThat(operatorsListed).containsAll(everyone);
		assertThat(shopsSent).allSatisfy(
				id -> assertThat(this.messages.findById(id)).get().extracting(Message::client).isEqualTo("shop"));
	}

	@Test
	void aClientsClientFilterIsItselfAndAnotherClientsNameListsNothing() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		Message shops = this.messages.insert(aMessage().client("shop").failed("HTTP 400").createdAt(now).build());
		Message crms = this.messages.insert(aMessage().client("crm").failed("HTTP 400").createdAt(now).build());

		assertThat(ids(call(this.mvc.get().uri("/messages?status=failed&client=crm&limit=1000"), SHOP))).isEmpty();
		assertThat(ids(call(this.mvc.get().uri("/messages?status=failed&client=shop&limit=1000"), SHOP)))
			.contains(shops.id())
			.doesNotContain(crms.id());
		assertThat(ids(call(this.mvc.get().uri("/messages?client=crm&limit=1000"), OPERATOR))).contains(crms.id())
			.doesNotContain(shops.id());
	}

	@Test
	void theOperatorSeesWhichClientEnqueuedAMessageAndMayCancelIt() {
		String id = enqueue(SHOP, ONE);

		assertThat(call(this.mvc.get().uri("/messages/{id}", id), OPERATOR)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.client")
			.isEqualTo("shop");
		MvcTestResult listed = call(this.mvc.get().uri("/messages?status=unsent&limit=1000"), OPERATOR);
		assertThat((List<String>) JsonPath.read(bodyOf(listed), "$[?(@.id == '" + id + "')].client"))
			.containsExactly("shop");
		assertThat(call(this.mvc.post().uri("/messages/{id}/cancel", id), OPERATOR)).hasStatusOk();
		String operators = enqueue(OPERATOR, ONE);
		assertThat(call(this.mvc.get().uri("/messages/{id}", operators), OPERATOR)).bodyJson()
			.extractingPath("$.client")
			.isNull();
	}

	@Test
	void aWrongOrMissingKeyIsUnauthorized() {
		for (String wrong : List.of(SHOP + "x", SHOP.substring(1), "shop", CRM.toUpperCase())) {
			assertThat(call(this.mvc.get().uri("/processor/sent-messages"), wrong)).as(wrong)
				.hasStatus(HttpStatus.UNAUTHORIZED)
				.hasHeader("WWW-Authenticate", "Bearer realm=\"message-dispatch\", error=\"invalid_token\"")
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyJson()
				.isStrictlyEqualTo("""
						{"type": "about:blank", "title": "Unauthorized", "status": 401,
						 "detail": "invalid operator token or client key", "instance": "/processor/sent-messages",
						 "error": "invalid operator token or client key"}""");
		}
		assertThat(this.mvc.post().uri("/messages").contentType(MediaType.APPLICATION_JSON).content(ONE))
			.hasStatus(HttpStatus.UNAUTHORIZED)
			.hasHeader("WWW-Authenticate", "Bearer realm=\"message-dispatch\"")
			.bodyJson()
			.extractingPath("$.error")
			.isEqualTo("missing operator token or client key");
	}

	@Test
	void anIdempotencyKeyIsEachClientsOwn() {
		MvcTestResult shops = enqueueWithKey(SHOP, "order-42");
		MvcTestResult crms = enqueueWithKey(CRM, "order-42");
		MvcTestResult operators = enqueueWithKey(OPERATOR, "order-42");
		MvcTestResult shopsAgain = enqueueWithKey(SHOP, "order-42");

		assertThat(shops).hasStatus(HttpStatus.CREATED);
		assertThat(crms).as("not the shop's message replayed").hasStatus(HttpStatus.CREATED);
		assertThat(operators).as("not the shop's message replayed").hasStatus(HttpStatus.CREATED);
		assertThat(shopsAgain).hasStatus(HttpStatus.OK);
		String shopsId = JsonPath.read(bodyOf(shops), "$.id");
		assertThat((String) JsonPath.read(bodyOf(shopsAgain), "$.id")).isEqualTo(shopsId);
		assertThat((String) JsonPath.read(bodyOf(crms), "$.id")).isNotEqualTo(shopsId);
		assertThat((String) JsonPath.read(bodyOf(crms), "$.client")).isEqualTo("crm");
		assertThat((String) JsonPath.read(bodyOf(operators), "$.id")).isNotEqualTo(shopsId);
	}

	@Test
	void keysAreNeitherShownByTheActuatorNorLogged(CapturedOutput output) {
		enqueue(SHOP, ONE);
		call(this.mvc.get().uri("/processor/status"), SHOP);
		call(this.mvc.get().uri("/processor/status"), SHOP + "x");

		String env = bodyOf(this.mvc.get().uri("/actuator/env").exchange());
		String configprops = bodyOf(this.mvc.get().uri("/actuator/configprops").exchange());

		assertThat(env).as("the values are shown").contains("messaging.security.client-keys", "******");
		assertThat(configprops).contains("clientKeys");
		for (String secret : List.of(SHOP, CRM, OPERATOR)) {
			assertThat(env).as("/actuator/env").doesNotContain(secret);
			assertThat(configprops).as("/actuator/configprops").doesNotContain(secret);
			assertThat(output.getAll()).as("the log").doesNotContain(secret);
		}
		assertThat(output.getAll()).as("refusals are logged at debug").contains("Refused GET /processor/status");
	}

	private String enqueue(String token, String body) {
		MvcTestResult result = call(
				this.mvc.post().uri("/messages").contentType(MediaType.APPLICATION_JSON).content(body), token);
		assertThat(result).hasStatus(HttpStatus.CREATED);
		return JsonPath.read(bodyOf(result), "$.id");
	}

	private MvcTestResult enqueueWithKey(String token, String idempotencyKey) {
		return call(this.mvc.post()
			.uri("/messages")
			.header("Idempotency-Key", idempotencyKey)
			.contentType(MediaType.APPLICATION_JSON)
			.content(ONE), token);
	}

	private static MvcTestResult call(MockMvcTester.MockMvcRequestBuilder request, String token) {
		return request.header("Authorization", "Bearer " + token).exchange();
	}

	/** A 403 in the API's error body: RFC 9457 problem details plus {@code error}. */
	private static void assertOperatorOnly(MockMvcTester.MockMvcRequestBuilder request, String path) {
		assertThat(call(request, SHOP)).as(path)
			.hasStatus(HttpStatus.FORBIDDEN)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"type": "about:blank", "title": "Forbidden", "status": 403,
					 "detail": "this call is for the operator only", "instance": "%s",
					 "error": "this call is for the operator only"}""".formatted(path));
	}

	/** The very answer an id that nothing is stored under gets. */
	private static void assertNotFound(MvcTestResult result, String path, String id) {
		assertThat(result).as(path)
			.hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"type": "about:blank", "title": "Not Found", "status": 404,
					 "detail": "message %1$s not found", "instance": "%2$s",
					 "error": "message %1$s not found"}""".formatted(id, path));
	}

	private static List<String> ids(MvcTestResult result) {
		assertThat(result).hasStatusOk();
		return JsonPath.read(bodyOf(result), "$[*].id");
	}

	private static String bodyOf(MvcTestResult result) {
		try {
			return result.getResponse().getContentAsString();
		}
		catch (UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
