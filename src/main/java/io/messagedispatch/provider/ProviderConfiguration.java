package io.messagedispatch.provider;

import java.net.http.HttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * The provider client's HTTP client and its retry within one call, built from the webhook
 * settings.
 */
@Configuration(proxyBeanMethods = false)
class ProviderConfiguration {

	/**
	 * HTTP/1.1, no redirects followed: a redirect is an answer to classify, not to
	 * follow.
	 */
	@Bean
	HttpClient providerHttpClient(WebhookProperties properties) {
		return HttpClient.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * Exponential backoff for transient failures only; a pause the provider asked for is
	 * waited out across runs, not within the call.
	 */
	@Bean
	RetryTemplate providerRetryTemplate(WebhookProperties properties) {
		WebhookProperties.Retry settings = properties.retry();
		return new RetryTemplate(RetryPolicy.builder()
			.maxRetries(settings.maxRetries())
			.delay(settings.delay())
			.multiplier(settings.multiplier())
			.maxDelay(settings.maxDelay())
			.predicate(ProviderClient::retriedWithinTheCall)
			.build());
	}

}
