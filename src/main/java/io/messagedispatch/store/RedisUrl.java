package io.messagedispatch.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.messagedispatch.settings.InvalidSettingException;
import io.messagedispatch.settings.UriCredentials;

/**
 * {@code REDIS_URL} taken apart: {@code redis://} for plain TCP, {@code rediss://} for
 * TLS. A malformed URL is reported with its password masked, and every reason is the
 * service's own wording, never the parser's (which quotes the whole input).
 *
 * @param tls whether the scheme is {@code rediss}
 * @param host the server host
 * @param port the server port, 6379 unless given
 * @param database the database number from the path, 0 unless given
 * @param username the user name, or {@code null}
 * @param password the password, or {@code null}; a user part without a colon is the
 * password, as Redis reads it
 */
record RedisUrl(boolean tls, String host, int port, int database, String username, String password) {

	static final String SETTING = "messaging.store.redis-url (REDIS_URL)";

	private static final int DEFAULT_PORT = 6379;

	static RedisUrl parse(String url) {
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			throw invalid(url, ex.getReason());
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
			throw invalid(url, "the scheme must be redis or rediss");
		}
		if (uri.getHost() == null) {
			throw invalid(url, "a host is required, and a port must be a number");
		}
		int port = (uri.getPort() == -1) ? DEFAULT_PORT : uri.getPort();
		if (port < 1 || port > 65535) {
			throw invalid(url, "the port must be between 1 and 65535");
		}
		String username = null;
		String password = null;
		String userInfo = uri.getRawUserInfo();
		if (userInfo != null) {
			int colon = userInfo.indexOf(':');
			username = (colon < 0) ? null : emptyToNull(decode(url, userInfo.substring(0, colon)));
			password = decode(url, (colon < 0) ? userInfo : userInfo.substring(colon + 1));
		}
		return new RedisUrl("rediss".equals(scheme), uri.getHost(), port, database(url, uri.getPath()), username,
				password);
	}

	private static int database(String url, String path) {
		if (path == null || path.length() <= 1) {
			return 0;
		}
		try {
			int database = Integer.parseInt(path.substring(1));
			if (database >= 0) {
				return database;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw invalid(url, "the path must be a database number");
	}

	private static String decode(String url, String part) {
		try {
			// percent-decoding only: a '+' in a password is a plus
			return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(url, "the user name or password holds a malformed %-escape");
		}
	}

	private static String emptyToNull(String value) {
		return value.isEmpty() ? null : value;
	}

	private static InvalidSettingException invalid(String url, String reason) {
		return new InvalidSettingException(SETTING,
				"is not a Redis URL of the form redis[s]://[[user]:password@]host[:port][/db] ("
						+ UriCredentials.mask(url) + "): " + reason);
	}

	@Override
	public String toString() {
		return "RedisUrl[tls=" + this.tls + ", host=" + this.host + ", port=" + this.port + ", database="
				+ this.database + ", username=" + this.username + ", password="
				+ ((this.password != null) ? UriCredentials.MASK : null) + "]";
	}

}
