package io.messagedispatch.dashboard;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The headers of every response under {@code /dashboard/}: only the service's own
 * scripts, styles and calls, no framing, no sniffing, no referrer, and a page that is
 * checked again on every load, so that a message's content or a provider's error shown on
 * it can never run as code and a new version is picked up at once.
 */
class DashboardHeaders extends OncePerRequestFilter {

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
			+ " img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("Cache-Control", "no-cache");
		chain.doFilter(request, response);
	}

}
