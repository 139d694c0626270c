package io.messagedispatch.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The {@code Link} header of a listing that has a next page (RFC 8288): the request's own
 * path and query parameters, exactly as the client sent them, with the {@code cursor}
 * parameter set to where the next page starts.
 */
public final class PageLinks {

	/** The query parameter that says where a page starts. */
	public static final String CURSOR = "cursor";

	private PageLinks() {
	}

	/**
	 * The {@code Link} header value for the page after this request's, starting at
	 * {@code cursor}, e.g. {@code </messages?status=failed&cursor=MTc0...>; rel="next"}.
	 */
	public static String next(HttpServletRequest request, String cursor) {
		StringBuilder query = new StringBuilder();
		String given = request.getQueryString();
		if (given != null) {
			for (String parameter : given.split("&")) {
				if (!parameter.isEmpty() && !CURSOR.equals(name(parameter))) {
					query.append(linkSafe(parameter)).append('&');
				}
			}
		}
		query.append(CURSOR).append('=').append(linkSafe(cursor));
		return "<" + linkSafe(request.getRequestURI()) + "?" + query + ">; rel=\"next\"";
	}

	private static String name(String parameter) {
		int equals = parameter.indexOf('=');
		String name = (equals < 0) ? parameter : parameter.substring(0, equals);
		try {
			return URLDecoder.decode(name, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			// a stray '%': not the cursor's name in any spelling
			return name;
		}
	}

	/**
	 * The text with every character a URI may not hold as it is (and so a {@code Link}
	 * header's {@code <...>} may not) percent-encoded; what is already encoded stays as
	 * it is.
	 */
	private static String linkSafe(String text) {
		StringBuilder safe = new StringBuilder(text.length());
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xFF;
			if (c > 0x20 && c < 0x7F && "\"<>\\^`{|}".indexOf(c) < 0) {
				safe.append((char) c);
			}
			else {
				safe.append('%')
					.append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
			}
		}
		return safe.toString();
	}

}
