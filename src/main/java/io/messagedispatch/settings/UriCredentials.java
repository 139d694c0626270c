package io.messagedispatch.settings;

/**
 * Store URIs carry passwords, and a URI that cannot be parsed is exactly the one an
 * operator needs to see: startup failures and log lines show it with the password masked,
 * never as given.
 */
public final class UriCredentials {

	/** What a masked password reads as. */
	public static final String MASK = "******";

	private UriCredentials() {
	}

	/**
	 * {@code redis://user:s3cret@host:6379} becomes
	 * {@code redis://user:******@host:6379}. A user part without a colon is masked whole,
	 * as Redis reads it as the password. It works on malformed text too: everything from
	 * the scheme (or the first colon) to the last {@code @} counts as the user part, so
	 * that a password holding an unencoded {@code @}, {@code /} or space is still masked
	 * whole; text without an {@code @} is returned unchanged.
	 */
	public static String mask(String uri) {
		if (uri == null) {
			return null;
		}
		int at = uri.lastIndexOf('@');
		if (at < 0) {
			return uri;
		}
		int start = userInfoStart(uri);
		if (start > at) {
			start = 0;
		}
		String userInfo = uri.substring(start, at);
		int colon = userInfo.indexOf(':');
		String masked = (colon < 0) ? MASK : userInfo.substring(0, colon + 1) + MASK;
		return uri.substring(0, start) + masked + uri.substring(at);
	}

	private static int userInfoStart(String uri) {
		int authority = uri.indexOf("://");
		if (authority >= 0) {
			return authority + 3;
		}
		int scheme = uri.indexOf(':');
		return (scheme < 0) ? 0 : scheme + 1;
	}

}
