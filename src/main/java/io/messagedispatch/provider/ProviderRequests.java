package io.messagedispatch.provider;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;

import org.springframework.stereotype.Component;

/**
 * Sends one HTTP request to the provider and times it, tagged by the class of the answer ({@code status} 2xx, 4xx,
 * 5xx, or {@code timeout} / {@code error} when none came) and Micrometer's HTTP {@code outcome}. Tags stay few, so
 * latency percentiles and error ratios can be read per class without a series per URL or code.
 */
@Component
class ProviderRequests {

	static final String METER = "messaging.provider.requests";

	private final MeterRegistry meters;

	ProviderRequests(MeterRegistry meters) {
		this.meters = meters;
	}

	HttpResponse<String> send(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
		Timer.Sample sample = Timer.start(this.meters);
		String status = "error";
		Outcome outcome = Outcome.UNKNOWN;
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			status = response.statusCode() / 100 + "xx";
			outcome = Outcome.forStatus(response.statusCode());
			return response;
		}
		catch (HttpTimeoutException ex) {
			status = "timeout";
			throw ex;
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

}
