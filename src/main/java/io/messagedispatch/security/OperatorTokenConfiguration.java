package io.messagedispatch.security;

import java.util.List;

import io.messagedispatch.settings.InvalidSettingException;
import jakarta.servlet.DispatcherType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Guards the client and operator API ({@code /messages/**}, {@code /processor/**}) with
 * the operator token, when one is set. Health probes, metrics, API docs and the mock
 * provider stay outside those paths, so probes and scrapers need no token. The filter is
 * registered with the servlet container, which matches these paths on the normalised
 * request path, the same one requests are routed by. An environment that requires a token
 * (prod) refuses to start without one; the check runs while the web server is created,
 * before any store is touched.
 */
@Configuration(proxyBeanMethods = false)
public class OperatorTokenConfiguration {

	/**
	 * The paths the token guards, as their first segment; everything under them is
	 * guarded too.
	 */
	public static final List<String> GUARDED_PATHS = List.of("/messages", "/processor");

	static final String SETTING = "messaging.security.operator-token (OPERATOR_TOKEN)";

	static final int MIN_LENGTH = 16;

	private static final Logger log = LoggerFactory.getLogger(OperatorTokenConfiguration.class);

	@Bean
	FilterRegistrationBean<OperatorTokenFilter> operatorTokenFilter(OperatorTokenProperties properties,
			JsonMapper json) {
		if (!properties.hasOperatorToken()) {
			if (properties.operatorTokenRequired()) {
				throw new InvalidSettingException(SETTING, "is required in this environment (APP_ENV):"
						+ " every /messages and /processor call must carry it as a bearer token");
			}
			log.warn("No operator token is set (OPERATOR_TOKEN): /messages and /processor are open to anyone");
		}
		else if (properties.operatorToken().length() < MIN_LENGTH) {
			throw new InvalidSettingException(SETTING,
					"must be at least " + MIN_LENGTH + " characters, so that it cannot be guessed");
		}
		FilterRegistrationBean<OperatorTokenFilter> registration = new FilterRegistrationBean<>(
				new OperatorTokenFilter(properties.hasOperatorToken() ? properties.operatorToken() : "", json));
		registration.setEnabled(properties.hasOperatorToken());
		registration.setUrlPatterns(GUARDED_PATHS.stream().map(path -> path + "/*").toList());
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		// after the observation filter, so that refused requests show in
		// http.server.requests
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

}
