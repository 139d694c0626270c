package io.messagedispatch.provider.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Sends one HTTP request to the provider under one deadline for the whole exchange, and
 * times it, tagged by the class of the answer ({@code status} 2xx, 4xx, 5xx, or
 * {@code timeout} / {@code error} when none came) and Micrometer's HTTP {@code outcome}.
 * Tags stay few, so latency percentiles and error ratios can be read per class without a
 * series per URL or code.
 * <p>
 * The JDK's own request timeout ends with the response headers, so a provider that sends
 * them and then stalls the body would hold the send forever; here the deadline covers the
 * body too, and the body read is cancelled (which closes the connection) when it passes.
 * The body is read up to {@link #MAX_BODY} bytes.
 */
@Component
public class ProviderRequests implements DisposableBean {

	static final String METER = "messaging.provider.requests";

	/** The most of a response body that is read; the rest is never read. */
	static final int MAX_BODY = 64 * 1024;

	private final MeterRegistry meters;

	/** Ends the body reads that outlive their deadline. */
	private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "provider-deadlines");
		thread.setDaemon(true);
		return thread;
	});

	public ProviderRequests(MeterRegistry meters) {
		this.meters = meters;
	}

	/**
	 * The answer, complete within {@code deadline}. A deadline passed is an
	 * {@link HttpTimeoutException}, as is a connect timeout; any other failure of the
	 * exchange is an {@link IOException}. The send runs on the calling thread: the JDK's
	 * request timeout bounds the wait for the headers, and the body reader ends the
	 * exchange when the same deadline passes while the body is still coming.
	 */
	public HttpResponse<String> send(HttpClient http, HttpRequest request, Duration deadline)
			throws IOException, InterruptedException {
		Timer.Sample sample = Timer.start(this.meters);
		String status = "error";
		Outcome outcome = Outcome.UNKNOWN;
		long deadlineNanos = System.nanoTime() + deadline.toNanos();
		try {
			HttpRequest timed = HttpRequest.newBuilder(request, (name, value) -> true).timeout(deadline).build();
			HttpResponse<String> response = http.send(timed,
					CappedBody.handler(MAX_BODY, this.deadlines, deadlineNanos, deadline));
			status = response.statusCode() / 100 + "xx";
			outcome = Outcome.forStatus(response.statusCode());
			return response;
		}
		catch (HttpTimeoutException ex) {
			status = "timeout";
			throw new HttpTimeoutException("no complete answer within " + deadline.toMillis() + " ms");
		}
		finally {
			sample.stop(Timer.builder(METER)
				.description("POSTs to the provider, by the class of the answer")
				.tag("status", status)
				.tag("outcome", outcome.name())
				.publishPercentileHistogram()
				.register(this.meters));
		}
	}

	@Override
	public void destroy() {
		this.deadlines.shutdownNow();
	}

}
