package io.messagedispatch.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the API.
 *
 * @param operatorToken the bearer token of the operator, who may make every
 * {@code /messages} and {@code /processor} call ({@code OPERATOR_TOKEN}); empty leaves
 * the API open unless client keys are set; never logged
 * @param operatorTokenRequired whether the service refuses to start without a token;
 * {@code true} in prod
 * @param clientKeys the client systems' bearer tokens, each entry {@code name:key}
 * ({@code CLIENT_KEYS}, comma-separated); a client may make only the calls about its own
 * messages; never logged
 */
@ConfigurationProperties("messaging.security")
record ApiAccessProperties(String operatorToken, @DefaultValue("false") boolean operatorTokenRequired,
		List<String> clientKeys) {

	ApiAccessProperties {
		clientKeys = (clientKeys != null) ? List.copyOf(clientKeys) : List.of();
	}

	boolean hasOperatorToken() {
		return this.operatorToken != null && !this.operatorToken.isEmpty();
	}

	/** Whether any entry of {@code CLIENT_KEYS} is set; blank entries do not count. */
	boolean hasClientKeys() {
		return this.clientKeys.stream().anyMatch(entry -> entry != null && !entry.isBlank());
	}

	@Override
	public String toString() {
		return "ApiAccessProperties[operatorToken=" + (hasOperatorToken() ? "******" : "") + ", operatorTokenRequired="
				+ this.operatorTokenRequired + ", clientKeys=" + (hasClientKeys() ? "******" : "") + "]";
	}

}
