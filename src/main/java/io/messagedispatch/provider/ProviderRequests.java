package io.messagedispatch.provider;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;

import org.springframework.stereotype.Component;

/**
 * Sends one HTTP request to the provider under one deadline for the whole exchange, and times it, tagged by the class
 * of the answer ({@code status} 2xx, 4xx, 5xx, or {@code timeout} / {@code error} when none came) and Micrometer's
 * HTTP {@code outcome}. Tags stay few, so latency percentiles and error ratios can be read per class without a series
 * per URL or code.
 * <p>
 * The JDK's own request timeout ends with the response headers, so a provider that sends them and then stalls the
 * body would hold the send forever; here the deadline covers the body too, and the exchange is cancelled when it
 * passes. The body is read up to {@link #MAX_BODY} bytes.
 */
@Component
class ProviderRequests {

	static final String METER = "messaging.provider.requests";

	/** The most of a response body that is read; the rest is never read. */
	static final int MAX_BODY = 64 * 1024;

	private final MeterRegistry meters;

	ProviderRequests(MeterRegistry meters) {
		this.meters = meters;
	}

	/**
	 * The answer, complete within {@code deadline}. A deadline passed is an {@link HttpTimeoutException}, as is a
	 * connect timeout; any other failure of the exchange is an {@link IOException}.
	 */
	HttpResponse<String> send(HttpClient http, HttpRequest request, Duration deadline)
			throws IOException, InterruptedException {
		Timer.Sample sample = Timer.start(this.meters);
		String status = "error";
		Outcome outcome = Outcome.UNKNOWN;
		CompletableFuture<HttpResponse<String>> exchange = null;
		try {
			exchange = http.sendAsync(request, CappedBody.handler(MAX_BODY));
			HttpResponse<String> response = exchange.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
			status = response.statusCode() / 100 + "xx";
			outcome = Outcome.forStatus(response.statusCode());
			return response;
		}
		catch (TimeoutException ex) {
			status = "timeout";
			throw new HttpTimeoutException("no complete answer within " + deadline.toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
			if (cause instanceof HttpTimeoutException timeout) {
				status = "timeout";
				throw timeout;
			}
			if (cause instanceof IOException io) {
				throw io;
			}
			throw new IOException(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
		}
		finally {
			if (exchange != null) {
				// a no-op once complete; otherwise (deadline passed, interrupted) it aborts the exchange
				exchange.cancel(true);
			}
			sample.stop(Timer.builder(METER)
				.description("POSTs to the provider, by the class of the answer")
				.tag("status", status)
				.tag("outcome", outcome.name())
				.publishPercentileHistogram()
				.register(this.meters));
		}
	}

}
