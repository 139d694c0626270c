package io.messagedispatch.support;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * The SMS provider played on loopback by WireMock: it records every request, accepts with
 * a messageId derived from the Idempotency-Key ({@code provider-<key>}), and can be told
 * to fail in the ways a real provider does.
 */
public final class ProviderStub implements AutoCloseable {

	public static final String PATH = "/messages";

	private final WireMockServer server;

	private ProviderStub(WireMockServer server) {
		this.server = server;
	}

	public static ProviderStub start() {
		WireMockServer server = new WireMockServer(
				wireMockConfig().bindAddress("127.0.0.1").dynamicPort().containerThreads(32).globalTemplating(true));
		server.start();
		ProviderStub stub = new ProviderStub(server);
		stub.acceptAll();
		return stub;
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.port() + PATH;
	}

	/** Forgets every request and stub, then accepts everything. */
	public void reset() {
		this.server.resetAll();
		acceptAll();
	}

	public void acceptAll() {
		this.server.stubFor(messages().willReturn(accepted()));
	}

	/** Answers every request with this status and body. */
	public void answer(int status, String body) {
		this.server.stubFor(messages().willReturn(aResponse().withStatus(status).withBody(body)));
	}

	/** Accepts without a messageId in the body. */
	public void acceptWithoutMessageId() {
		this.server.stubFor(messages().willReturn(aResponse().withStatus(202)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"message\":\"Accepted\"}")));
	}

	/** Fails the first {@code failures} requests with {@code status}, then accepts. */
	public void failThenAccept(int status, int failures) {
		String state = Scenario.STARTED;
		for (int i = 1; i <= failures; i++) {
			String next = "failed-" + i;
			this.server.stubFor(messages().inScenario("flaky")
				.whenScenarioStateIs(state)
				.willReturn(aResponse().withStatus(status).withBody("try again"))
				.willSetStateTo(next));
			state = next;
		}
		this.server.stubFor(messages().inScenario("flaky").whenScenarioStateIs(state).willReturn(accepted()));
	}

	/** Answers only after {@code delay}, longer than the client waits. */
	public void stall(Duration delay) {
		this.server.stubFor(messages().willReturn(accepted().withFixedDelay((int) delay.toMillis())));
	}

	/** Resets every connection. */
	public void resetConnections() {
		this.server.stubFor(messages().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
	}

	/** Answers 429 with a {@code Retry-After} header. */
	public void tooManyRequests(String retryAfter) {
		this.server.stubFor(messages()
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", retryAfter).withBody("slow down")));
	}

	/**
	 * Answers every request with this status, a {@code Retry-After} header and this body.
	 */
	public void answerWithRetryAfter(int status, String retryAfter, String body) {
		this.server.stubFor(messages()
			.willReturn(aResponse().withStatus(status).withHeader("Retry-After", retryAfter).withBody(body)));
	}

	/** Every request received, oldest first. */
	public List<Request> requests() {
		return this.server.getAllServeEvents()
			.stream()
			.map(ProviderStub::toRequest)
			.sorted((a, b) -> a.receivedAt().compareTo(b.receivedAt()))
			.toList();
	}

	/** How many requests each Idempotency-Key got. */
	public Map<String, Integer> postsPerKey() {
		Map<String, Integer> posts = new LinkedHashMap<>();
		requests().forEach(request -> posts.merge(request.idempotencyKey(), 1, Integer::sum));
		return posts;
	}

	@Override
	public void close() {
		this.server.stop();
	}

	private static MappingBuilder messages() {
		return post(urlPathEqualTo(PATH));
	}

	private static ResponseDefinitionBuilder accepted() {
		return aResponse().withStatus(202)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"message\":\"Accepted\",\"messageId\":\"provider-{{request.headers.Idempotency-Key}}\"}");
	}

	private static Request toRequest(ServeEvent event) {
		var request = event.getRequest();
		Map<String, String> headers = new LinkedHashMap<>();
		request.getHeaders().all().forEach(header -> headers.put(header.key().toLowerCase(), header.firstValue()));
		return new Request(request.getHeader("Idempotency-Key"), request.getBodyAsString(), headers,
				request.getLoggedDate().toInstant());
	}

	/** One request the provider received. */
	public record Request(String idempotencyKey, String body, Map<String, String> headers, Instant receivedAt) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase());
		}

	}

}
