package io.messagedispatch.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the API.
 *
 * @param operatorToken the bearer token every {@code /messages} and {@code /processor}
 * call must carry ({@code OPERATOR_TOKEN}); empty leaves them open; never logged
 * @param operatorTokenRequired whether the service refuses to start without a token;
 * {@code true} in prod
 */
@ConfigurationProperties("messaging.security")
record OperatorTokenProperties(String operatorToken, @DefaultValue("false") boolean operatorTokenRequired) {

	boolean hasOperatorToken() {
		return this.operatorToken != null && !this.operatorToken.isEmpty();
	}

	@Override
	public String toString() {
		return "OperatorTokenProperties[operatorToken=" + (hasOperatorToken() ? "******" : "")
				+ ", operatorTokenRequired=" + this.operatorTokenRequired + "]";
	}

}
