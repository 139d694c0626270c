package io.messagedispatch.provider;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.messagedispatch.message.PhoneNumbers;
import io.messagedispatch.provider.http.ProviderAnswers;
import io.messagedispatch.provider.http.ProviderRequests;
import io.messagedispatch.provider.http.SendRateLimiter;
import io.messagedispatch.provider.http.WebhookSigner;
import io.messagedispatch.provider.http.WebhookTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.stereotype.Component;

/**
 * POSTs one message to the provider and classifies the answer; it never throws for a
 * message, every failure is an outcome. Transient failures (timeouts, connection errors,
 * 408, 5xx) are retried within the call with exponential backoff by Spring's core
 * {@link RetryTemplate}; a 429, or a 503 with {@code Retry-After}, is not, since the
 * provider asked for a pause. An answer with a pause status (401, 403, 407 by default)
 * means the provider refuses the service itself, not the message: the circuit opens and
 * the message waits. Every POST of one message carries the same {@code Idempotency-Key},
 * so a provider that honours it never delivers it twice.
 */
@Component
public class ProviderClient {

	private static final Logger log = LoggerFactory.getLogger(ProviderClient.class);

	private static final int ERROR_EXCERPT = 200;

	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

	private final HttpClient http;

	private final WebhookTarget target;

	private final WebhookProperties properties;

	private final Set<Integer> pauseOnStatus;

	private final RetryTemplate retry;

	private final JsonMapper json;

	private final Clock clock;

	private final CircuitBreaker circuit;

	private final SendRateLimiter rateLimiter;

	private final WebhookSigner signer;

	private final ProviderRequests requests;

	ProviderClient(HttpClient providerHttpClient, RetryTemplate providerRetryTemplate, WebhookTarget target,
			WebhookProperties properties, JsonMapper json, Clock clock, CircuitBreaker circuit,
			SendRateLimiter rateLimiter, WebhookSigner signer, ProviderRequests requests) {
		this.http = providerHttpClient;
		this.retry = providerRetryTemplate;
		this.target = target;
		this.properties = properties;
		this.pauseOnStatus = Set.copyOf(properties.pauseOnStatus());
		this.json = json;
		this.clock = clock;
		this.circuit = circuit;
		this.rateLimiter = rateLimiter;
		this.signer = signer;
		this.requests = requests;
	}

	/**
	 * Whether a failure is retried within the call: a transient one, unless the provider
	 * asked for a pause.
	 */
	static boolean retriedWithinTheCall(Throwable failure) {
		return failure instanceof TransientFailure transientFailure && transientFailure.retryAfter == null;
	}

	/**
	 * The outcome of sending one message; never throws for the message. A request that
	 * cannot be built is {@link ProviderResult.Rejected}; any unexpected failure once it
	 * is built is {@link ProviderResult.Unavailable} (not retried within the call).
	 */
	public ProviderResult send(OutboundMessage message) {
		List<PostAttempt> attempts = new ArrayList<>();
		try {
			return this.retry.execute(() -> attempt(message, attempts));
		}
		catch (RetryException ex) {
			Throwable last = ex.getLastException();
			if (last instanceof TransientFailure failure) {
				log.info("Message {} to {} not delivered after {} POST(s): {}", message.idempotencyKey(),
						PhoneNumbers.mask(message.to()), attempts.size(), failure.getMessage());
				return new ProviderResult.Unavailable(failure.getMessage(), attempts.size(), failure.retryAfter,
						attempts);
			}
			if (last instanceof ExpiredBeforePost expired) {
				log.info("Message {} to {} not POSTed: {}", message.idempotencyKey(), PhoneNumbers.mask(message.to()),
						expired.getMessage());
				return new ProviderResult.Expired(expired.getMessage(), attempts.size(), attempts);
			}
			if (last instanceof RequestNotBuilt notBuilt) {
				log.warn("Message {} to {} not sent: {}", message.idempotencyKey(), PhoneNumbers.mask(message.to()),
						notBuilt.getMessage());
				log.debug("Request for message {} not built", message.idempotencyKey(), notBuilt.getCause());
				return new ProviderResult.Rejected(notBuilt.getMessage(), attempts.size(), attempts);
			}
			if (last instanceof Error error) {
				throw error;
			}
			String reason = last != null ? "unexpected failure: " + describe(last) : "unexpected failure";
			log.warn("Message {} to {} not delivered after {} POST(s): {}", message.idempotencyKey(),
					PhoneNumbers.mask(message.to()), attempts.size(), reason);
			log.debug("Unexpected failure sending message {}", message.idempotencyKey(), last);
			return new ProviderResult.Unavailable(reason, attempts.size(), Duration.ZERO, attempts);
		}
	}

	/**
	 * One POST under a circuit permit, which is settled however the POST ends. A request
	 * that cannot be built is not sent at all; an unexpected failure once it is under way
	 * is not retried in this run but left for a later one (see {@link #send}).
	 */
	private ProviderResult attempt(OutboundMessage message, List<PostAttempt> attempts)
			throws TransientFailure, RequestNotBuilt, ExpiredBeforePost {
		URI uri;
		try {
			uri = this.target.uri();
		}
		catch (IllegalStateException ex) {
			throw new TransientFailure("not sent: " + ex.getMessage(), Duration.ZERO);
		}
		HttpRequest request = request(uri, message);
		CircuitBreaker.Permit permit = this.circuit.tryAcquire()
			.orElseThrow(() -> new TransientFailure("provider circuit open: not sent", Duration.ZERO));
		try {
			this.rateLimiter.acquire();
			if (message.expiresAt() != null && !this.clock.instant().isBefore(message.expiresAt())) {
				throw new ExpiredBeforePost("expired at " + message.expiresAt() + " before it could be POSTed again");
			}
			return post(message, request, attempts, permit);
		}
		finally {
			permit.released();
		}
	}

	/**
	 * One POST and what it means, told to the circuit: a 2xx or a refusal of the message
	 * is the provider answering; a 429, or a 503 with {@code Retry-After}, says nothing
	 * about its health. Every POST, whatever its end, adds its entry to {@code attempts}.
	 */
	private ProviderResult post(OutboundMessage message, HttpRequest request, List<PostAttempt> attempts,
			CircuitBreaker.Permit permit) throws TransientFailure {
		Instant at = this.clock.instant();
		long started = System.nanoTime();
		HttpResponse<String> response;
		try {
			response = this.requests.send(this.http, request, this.properties.responseTimeout());
		}
		catch (HttpTimeoutException ex) {
			permit.failed();
			throw logged(attempts, at, started, new TransientFailure("timed out: " + ex.getMessage(), null));
		}
		catch (IOException ex) {
			permit.failed();
			throw logged(attempts, at, started, new TransientFailure("connection failed: " + describe(ex), null));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw logged(attempts, at, started, new TransientFailure("interrupted while sending", null));
		}
		catch (RuntimeException ex) {
			attempts.add(new PostAttempt(at, null, "unexpected failure: " + describe(ex), millisSince(started), null));
			throw ex;
		}
		int status = response.statusCode();
		boolean accepted = status >= 200 && status < 300;
		String answer = flatten(response.body());
		attempts.add(new PostAttempt(at, status, accepted ? null : "HTTP " + status, millisSince(started),
				(answer != null) ? cut(answer, PostAttempt.MAX_EXCERPT) : null));
		int posts = attempts.size();
		if (accepted) {
			permit.succeeded();
			String providerMessageId = ProviderAnswers.messageId(this.json, response.body()).orElse(null);
			if (providerMessageId == null) {
				log.warn("Provider accepted message {} (HTTP {}) without a messageId", message.idempotencyKey(),
						status);
			}
			log.debug("Message {} to {} accepted as {}", message.idempotencyKey(), PhoneNumbers.mask(message.to()),
					providerMessageId);
			return new ProviderResult.Accepted(providerMessageId, posts, attempts);
		}
		String error = "HTTP " + status + excerpt(answer);
		if (this.pauseOnStatus.contains(status)) {
			String reason = "provider refused the service: " + error;
			permit.paused(reason);
			log.info("Message {} to {} waits: {}", message.idempotencyKey(), PhoneNumbers.mask(message.to()), reason);
			return new ProviderResult.Paused(reason, posts, attempts);
		}
		if (status == 429 || status == 503) {
			Optional<Duration> retryAfter = ProviderAnswers.retryAfter(response, this.clock);
			if (status == 429 || retryAfter.isPresent()) {
				permit.released();
				throw new TransientFailure(error, retryAfter.orElse(Duration.ZERO));
			}
		}
		if (status == 408 || status >= 500) {
			permit.failed();
			throw new TransientFailure(error, null);
		}
		permit.succeeded();
		log.warn("Provider refused message {} to {}: {}", message.idempotencyKey(), PhoneNumbers.mask(message.to()),
				error);
		return new ProviderResult.Rejected(error, posts, attempts);
	}

	private HttpRequest request(URI uri, OutboundMessage message) throws RequestNotBuilt {
		try {
			Map<String, String> body = new LinkedHashMap<>();
			body.put("to", message.to());
			body.put("content", message.content());
			byte[] payload = this.json.writeValueAsBytes(body);
			HttpRequest.Builder request = HttpRequest.newBuilder(uri)
				.header("Content-Type", "application/json")
				.header("Idempotency-Key", message.idempotencyKey())
				.POST(HttpRequest.BodyPublishers.ofByteArray(payload));
			this.signer.headers(message.idempotencyKey(), payload).forEach(request::header);
			if (this.properties.authKey() != null && !this.properties.authKey().isEmpty()) {
				request.header(this.properties.authHeader(), this.properties.authKey());
			}
			return request.build();
		}
		catch (RuntimeException ex) {
			throw new RequestNotBuilt("could not build the request: " + describe(ex), ex);
		}
	}

	/** The start of a flattened answer as an error quotes it. */
	private static String excerpt(String answer) {
		if (answer == null) {
			return "";
		}
		return ": " + ((answer.length() <= ERROR_EXCERPT) ? answer : cut(answer, ERROR_EXCERPT) + "...");
	}

	/**
	 * An answer on one line, as stored and logged: the auth key hidden first (it may hold
	 * digits that look like a phone number), then phone numbers masked. Null when it had
	 * no body.
	 */
	private String flatten(String body) {
		if (body == null || body.isBlank()) {
			return null;
		}
		return PhoneNumbers.maskWithin(hideAuthKey(WHITESPACE.matcher(body).replaceAll(" ").trim()));
	}

	/**
	 * At most {@code length} characters, never half of a surrogate pair; a shorter text
	 * as it is.
	 */
	private static String cut(String text, int length) {
		if (text.length() <= length) {
			return text;
		}
		int end = Character.isHighSurrogate(text.charAt(length - 1)) ? length - 1 : length;
		return text.substring(0, end);
	}

	private TransientFailure logged(List<PostAttempt> attempts, Instant at, long started, TransientFailure failure) {
		attempts.add(new PostAttempt(at, null, failure.getMessage(), millisSince(started), null));
		return failure;
	}

	private static long millisSince(long startedNanos) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
	}

	/**
	 * What went wrong, in words that are stored and logged: the auth key is hidden should
	 * the provider echo it or an exception quote the header.
	 */
	private String describe(Throwable ex) {
		return hideAuthKey(ex.getMessage() != null ? ex.getClass().getSimpleName() + ": " + ex.getMessage()
				: ex.getClass().getSimpleName());
	}

	private String hideAuthKey(String text) {
		String key = this.properties.authKey();
		return key == null || key.isEmpty() ? text : text.replace(key, "******");
	}

	/**
	 * A failure worth retrying; {@code retryAfter} is set when the provider asked for a
	 * pause (or nothing was sent), which is then waited out across runs rather than
	 * within this one.
	 */
	private static final class TransientFailure extends Exception {

		private final Duration retryAfter;

		TransientFailure(String message, Duration retryAfter) {
			super(message, null, false, false);
			this.retryAfter = retryAfter;
		}

	}

	/**
	 * The message's time ran out while it waited for its turn to be POSTed (a retry, the
	 * rate limit): it must not be POSTed any more.
	 */
	private static final class ExpiredBeforePost extends Exception {

		ExpiredBeforePost(String message) {
			super(message, null, false, false);
		}

	}

	/**
	 * The request could not be built (an invalid header value, a signer failure): nothing
	 * was sent, and sending the same message again would fail the same way.
	 */
	private static final class RequestNotBuilt extends Exception {

		RequestNotBuilt(String message, Throwable cause) {
			super(message, cause, false, false);
		}

	}

}
