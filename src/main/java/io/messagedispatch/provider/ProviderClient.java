package io.messagedispatch.provider;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import io.messagedispatch.message.PhoneNumbers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs one message to the provider and classifies the answer. Transient failures (timeouts, connection errors,
 * 408, 5xx) are retried within the call with exponential backoff by Spring's core {@link RetryTemplate}; a 429, or a
 * 503 with {@code Retry-After}, is not, since the provider asked for a pause. Every POST of one message carries the
 * same {@code Idempotency-Key}, so a provider that honours it never delivers it twice.
 */
@Component
public class ProviderClient {

	private static final Logger log = LoggerFactory.getLogger(ProviderClient.class);

	private static final int ERROR_EXCERPT = 200;

	/** The longest {@code Retry-After} taken from the provider; the retry schedule caps it further. */
	private static final Duration LONGEST_RETRY_AFTER = Duration.ofDays(365);

	private static final Pattern DELAY_SECONDS = Pattern.compile("\\d+");

	private final HttpClient http;

	private final WebhookTarget target;

	private final WebhookProperties properties;

	private final RetryTemplate retry;

	private final JsonMapper json;

	private final Clock clock;

	private final CircuitBreaker circuit;

	private final SendRateLimiter rateLimiter;

	private final WebhookSigner signer;

	private final ProviderRequests requests;

	ProviderClient(WebhookTarget target, WebhookProperties properties, JsonMapper json, Clock clock,
			CircuitBreaker circuit, SendRateLimiter rateLimiter, WebhookSigner signer, ProviderRequests requests) {
		this.target = target;
		this.properties = properties;
		this.json = json;
		this.clock = clock;
		this.circuit = circuit;
		this.rateLimiter = rateLimiter;
		this.signer = signer;
		this.requests = requests;
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		WebhookProperties.Retry settings = properties.retry();
		this.retry = new RetryTemplate(RetryPolicy.builder()
			.maxRetries(settings.maxRetries())
			.delay(settings.delay())
			.multiplier(settings.multiplier())
			.maxDelay(settings.maxDelay())
			.predicate(failure -> failure instanceof TransientFailure transientFailure
					&& transientFailure.retryAfter == null)
			.build());
	}

	public ProviderResult send(OutboundMessage message) {
		AtomicInteger posts = new AtomicInteger();
		try {
			return this.retry.execute(() -> {
				if (!this.circuit.tryAcquire()) {
					throw new TransientFailure("provider circuit open: not sent", Duration.ZERO);
				}
				this.rateLimiter.acquire();
				posts.incrementAndGet();
				ProviderResult result = post(message, posts.get());
				this.circuit.onSuccess();
				return result;
			});
		}
		catch (RetryException ex) {
			if (ex.getLastException() instanceof TransientFailure failure) {
				log.info("Message {} to {} not delivered after {} POST(s): {}", message.idempotencyKey(),
						PhoneNumbers.mask(message.to()), posts.get(), failure.getMessage());
				return new ProviderResult.Unavailable(failure.getMessage(), posts.get(), failure.retryAfter);
			}
			throw new IllegalStateException("Unexpected failure sending message " + message.idempotencyKey(),
					ex.getLastException());
		}
	}

	/**
	 * One POST. A 429, or a 503 with {@code Retry-After}, is the provider answering (and asking for a pause), not
	 * failing, so it counts as reachable.
	 */
	private ProviderResult post(OutboundMessage message, int posts) throws TransientFailure {
		try {
			return classify(message, posts);
		}
		catch (TransientFailure failure) {
			if (failure.retryAfter == null) {
				this.circuit.onFailure();
			}
			else {
				this.circuit.onSuccess();
			}
			throw failure;
		}
	}

	private ProviderResult classify(OutboundMessage message, int posts) throws TransientFailure {
		HttpResponse<String> response;
		try {
			response = this.requests.send(this.http, request(message));
		}
		catch (HttpTimeoutException ex) {
			throw new TransientFailure("timed out: " + ex.getMessage(), null);
		}
		catch (IOException ex) {
			throw new TransientFailure("connection failed: " + describe(ex), null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TransientFailure("interrupted while sending", null);
		}
		int status = response.statusCode();
		if (status >= 200 && status < 300) {
			String providerMessageId = providerMessageId(response.body()).orElse(null);
			if (providerMessageId == null) {
				log.warn("Provider accepted message {} (HTTP {}) without a messageId", message.idempotencyKey(),
						status);
			}
			log.debug("Message {} to {} accepted as {}", message.idempotencyKey(), PhoneNumbers.mask(message.to()),
					providerMessageId);
			return new ProviderResult.Accepted(providerMessageId, posts);
		}
		String error = "HTTP " + status + excerpt(response.body());
		if (status == 429 || status == 503) {
			Optional<Duration> retryAfter = retryAfter(response);
			if (status == 429 || retryAfter.isPresent()) {
				throw new TransientFailure(error, retryAfter.orElse(Duration.ZERO));
			}
		}
		if (status == 408 || status >= 500) {
			throw new TransientFailure(error, null);
		}
		log.warn("Provider refused message {} to {}: {}", message.idempotencyKey(), PhoneNumbers.mask(message.to()),
				error);
		return new ProviderResult.Rejected(error, posts);
	}

	private HttpRequest request(OutboundMessage message) {
		Map<String, String> body = new LinkedHashMap<>();
		body.put("to", message.to());
		body.put("content", message.content());
		byte[] payload = this.json.writeValueAsBytes(body);
		HttpRequest.Builder request = HttpRequest.newBuilder(this.target.uri())
			.timeout(this.properties.responseTimeout())
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", message.idempotencyKey())
			.POST(HttpRequest.BodyPublishers.ofByteArray(payload));
		this.signer.headers(message.idempotencyKey(), payload).forEach(request::header);
		if (this.properties.authKey() != null && !this.properties.authKey().isEmpty()) {
			request.header(this.properties.authHeader(), this.properties.authKey());
		}
		return request.build();
	}

	private Optional<String> providerMessageId(String body) {
		if (body == null || body.isBlank()) {
			return Optional.empty();
		}
		try {
			JsonNode node = this.json.readTree(body).get("messageId");
			return node == null || node.isNull() || node.asString().isBlank() ? Optional.empty()
					: Optional.of(node.asString());
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Reads {@code Retry-After} as seconds or an HTTP date; a date in the past is no wait, anything else unreadable
	 * is none, and a wait is never longer than {@link #LONGEST_RETRY_AFTER}.
	 */
	private Optional<Duration> retryAfter(HttpResponse<?> response) {
		return response.headers().firstValue("Retry-After").map(String::trim).flatMap(value -> {
			if (DELAY_SECONDS.matcher(value).matches()) {
				return Optional.of(value.length() > 12 ? LONGEST_RETRY_AFTER
						: atMostLongest(Duration.ofSeconds(Long.parseLong(value))));
			}
			try {
				Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				Duration wait = Duration.between(this.clock.instant(), at);
				return Optional.of(wait.isNegative() ? Duration.ZERO : atMostLongest(wait));
			}
			catch (DateTimeException | ArithmeticException notDate) {
				return Optional.empty();
			}
		});
	}

	private static Duration atMostLongest(Duration wait) {
		return wait.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : wait;
	}

	private static String excerpt(String body) {
		if (body == null || body.isBlank()) {
			return "";
		}
		String flat = body.replaceAll("\\s+", " ").trim();
		return ": " + (flat.length() <= ERROR_EXCERPT ? flat : flat.substring(0, ERROR_EXCERPT) + "...");
	}

	private static String describe(IOException ex) {
		return ex.getMessage() != null ? ex.getClass().getSimpleName() + ": " + ex.getMessage()
				: ex.getClass().getSimpleName();
	}

	/**
	 * A failure worth retrying; {@code retryAfter} is set when the provider asked for a pause, which is then waited
	 * out across runs rather than within this one.
	 */
	private static final class TransientFailure extends Exception {

		private final Duration retryAfter;

		TransientFailure(String message, Duration retryAfter) {
			super(message, null, false, false);
			this.retryAfter = retryAfter;
		}

	}

}
