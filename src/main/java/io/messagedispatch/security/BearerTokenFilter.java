package io.messagedispatch.security;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;

import io.messagedispatch.web.ApiErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a request through only with {@code Authorization: Bearer <credential>}, where the
 * credential is the operator token or a client key, and records who the caller is
 * ({@link Caller}) for the handlers; anything else gets a 401 with the API's error body
 * and a {@code WWW-Authenticate} challenge (RFC 6750). The presented token's SHA-256
 * digest is compared with {@link MessageDigest#isEqual} against the digest of every
 * credential, all of them on every request, so the time taken tells nothing about the
 * credentials: not their length, not which one matched, not how far a guess got. Which
 * paths it guards is decided where it is registered.
 */
class BearerTokenFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(BearerTokenFilter.class);

	private static final String BEARER = "bearer ";

	private static final String CHALLENGE = "Bearer realm=\"message-dispatch\"";

	private final byte[] operator;

	private final List<ClientKeys.ClientKey> clients;

	private final String missing;

	private final String invalid;

	private final JsonMapper json;

	/**
	 * @param operatorToken the operator token; null when only client keys are set
	 * @param clients the client keys, as digests
	 */
	BearerTokenFilter(String operatorToken, List<ClientKeys.ClientKey> clients, JsonMapper json) {
		this.operator = (operatorToken != null) ? ClientKeys.digest(operatorToken) : null;
		this.clients = List.copyOf(clients);
		this.json = json;
		String credential = clients.isEmpty() ? "operator token" : "operator token or client key";
		this.missing = "missing " + credential;
		this.invalid = "invalid " + credential;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
			refuse(request, response, this.missing, CHALLENGE);
			return;
		}
		Caller caller = authenticate(authorization.substring(BEARER.length()).trim());
		if (caller == null) {
			refuse(request, response, this.invalid, CHALLENGE + ", error=\"invalid_token\"");
			return;
		}
		request.setAttribute(Caller.ATTRIBUTE, caller);
		chain.doFilter(request, response);
	}

	/**
	 * The caller whose credential this is, or null. Every credential is compared,
	 * whatever matched before.
	 */
	private Caller authenticate(String presented) {
		byte[] digest = ClientKeys.digest(presented);
		Caller caller = null;
		if (this.operator != null && MessageDigest.isEqual(this.operator, digest)) {
			caller = Caller.operator();
		}
		for (ClientKeys.ClientKey client : this.clients) {
			if (MessageDigest.isEqual(client.digest(), digest)) {
				caller = Caller.client(client.name());
			}
		}
		return caller;
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, String error, String challenge)
			throws IOException {
		log.debug("Refused {} {}: {}", request.getMethod(), request.getRequestURI(), error);
		response.setStatus(HttpStatus.UNAUTHORIZED.value());
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(),
				ApiErrors.asMap(ApiErrors.problem(HttpStatus.UNAUTHORIZED, error, request.getRequestURI())));
	}

}
