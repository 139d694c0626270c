package io.messagedispatch.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 * Lets a request through only with {@code Authorization: Bearer <operator token>};
 * anything else gets a 401 with the API's error body and a {@code WWW-Authenticate}
 * challenge (RFC 6750). The tokens are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, so the time taken tells nothing about the token, not
 * even its length. Which paths it guards is decided where it is registered.
 */
class OperatorTokenFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(OperatorTokenFilter.class);

	private static final String BEARER = "bearer ";

	private static final String CHALLENGE = "Bearer realm=\"message-dispatch\"";

	private final byte[] expected;

	private final JsonMapper json;

	OperatorTokenFilter(String operatorToken, JsonMapper json) {
		this.expected = digest(operatorToken);
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
			refuse(request, response, "missing operator token", CHALLENGE);
			return;
		}
		String presented = authorization.substring(BEARER.length()).trim();
		if (!MessageDigest.isEqual(this.expected, digest(presented))) {
			refuse(request, response, "invalid operator token", CHALLENGE + ", error=\"invalid_token\"");
			return;
		}
		chain.doFilter(request, response);
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

	private static byte[] digest(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

}
