package io.messagedispatch.security;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.messagedispatch.settings.InvalidSettingException;
import jakarta.servlet.DispatcherType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Guards the client and operator API ({@code /messages/**}, {@code /processor/**}) with
 * bearer tokens, when any is set: the operator token, which may make every call, and the
 * client keys, each of which may make only the calls about its own messages (the handlers
 * ask {@link Caller}). Health probes, metrics, API docs, the mock provider and the
 * provider's delivery reports (which prove themselves with the provider's own credential)
 * stay outside those paths, so probes, scrapers and the provider need no token. The
 * filter is registered with the servlet container, which matches these paths on the
 * normalised request path, the same one requests are routed by.
 * <p>
 * The settings are checked while the web server is created, before any store is touched:
 * an environment that requires a token (prod) refuses to start without one, client keys
 * need an operator token beside them (else nobody could start, stop or requeue), and a
 * guessable or malformed credential stops the start. With no credential at all (dev) the
 * API is open, and a warning says so.
 */
@Configuration(proxyBeanMethods = false)
public class ApiAccessConfiguration {

	/**
	 * The paths the credentials guard, as their first segment; everything under them is
	 * guarded too.
	 */
	public static final List<String> GUARDED_PATHS = List.of("/messages", "/processor");

	static final String SETTING = "messaging.security.operator-token (OPERATOR_TOKEN)";

	static final int MIN_LENGTH = 16;

	private static final Logger log = LoggerFactory.getLogger(ApiAccessConfiguration.class);

	@Bean
	FilterRegistrationBean<BearerTokenFilter> bearerTokenFilter(ApiAccessProperties properties, JsonMapper json) {
		if (!properties.hasOperatorToken()) {
			if (properties.operatorTokenRequired()) {
				throw new InvalidSettingException(SETTING, "is required in this environment (APP_ENV):"
						+ " every /messages and /processor call must carry it or a client key as a bearer token");
			}
			if (properties.hasClientKeys()) {
				throw new InvalidSettingException(SETTING, "is required when client keys are set (CLIENT_KEYS):"
						+ " only the operator may start, stop and watch the processor, requeue and cancel in bulk");
			}
			log.warn("No operator token is set (OPERATOR_TOKEN): /messages and /processor are open to anyone");
		}
		else if (properties.operatorToken().length() < MIN_LENGTH) {
			throw new InvalidSettingException(SETTING,
					"must be at least " + MIN_LENGTH + " characters, so that it cannot be guessed");
		}
		String operatorToken = properties.hasOperatorToken() ? properties.operatorToken() : null;
		List<ClientKeys.ClientKey> clients = ClientKeys.parse(properties.clientKeys(), operatorToken, MIN_LENGTH);
		if (!clients.isEmpty()) {
			log.info("Client keys are set for {} client(s): {}", clients.size(),
					clients.stream().map(ClientKeys.ClientKey::name).collect(Collectors.joining(", ")));
		}
		FilterRegistrationBean<BearerTokenFilter> registration = new FilterRegistrationBean<>(
				new BearerTokenFilter(operatorToken, clients, json));
		registration.setEnabled(operatorToken != null);
		registration.setUrlPatterns(GUARDED_PATHS.stream().map(path -> path + "/*").toList());
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		// after the observation filter, so that refused requests show in
		// http.server.requests
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	/**
	 * Masks the operator token and the client keys wherever the actuator shows settings
	 * ({@code /actuator/env}, {@code /actuator/configprops}), even where an environment
	 * exposes those endpoints and asks for values to be shown.
	 */
	@Bean
	SanitizingFunction apiCredentialsAreMasked() {
		return SanitizingFunction.sanitizeValue().ifKeyMatches(ApiAccessConfiguration::namesACredential);
	}

	private static boolean namesACredential(String key) {
		// messaging.security.client-keys[0], OPERATOR_TOKEN, clientKeys...
		String plain = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
		return plain.endsWith("operatortoken") || plain.endsWith("clientkeys");
	}

}
