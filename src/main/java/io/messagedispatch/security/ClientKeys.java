package io.messagedispatch.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.messagedispatch.settings.InvalidSettingException;

/**
 * The client keys as configured ({@code name:key} entries), checked at startup and kept
 * only as SHA-256 digests. A wrong entry stops the start with a reason that names the
 * setting and the entry's position, never any part of the entry: a key written in the
 * wrong place (before the colon) would otherwise be shown.
 */
final class ClientKeys {

	static final String SETTING = "messaging.security.client-keys (CLIENT_KEYS)";

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]+");

	private ClientKeys() {
	}

	/**
	 * The clients of these entries; blank entries (a trailing comma) are skipped.
	 * @param operatorToken the operator token, which no client key may equal; null when
	 * none is set
	 * @throws InvalidSettingException for an entry that is not {@code name:key}, a key
	 * shorter than {@code minLength} or of other than visible ASCII characters, a name or
	 * a key given twice, or a key that is the operator token
	 */
	static List<ClientKey> parse(List<String> entries, String operatorToken, int minLength) {
		byte[] operator = (operatorToken != null) ? digest(operatorToken) : null;
		List<ClientKey> keys = new ArrayList<>();
		List<Integer> positions = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			String entry = entries.get(i);
			if (entry == null || entry.isBlank()) {
				continue;
			}
			int position = i + 1;
			int colon = entry.indexOf(':');
			String name = (colon < 0) ? "" : entry.substring(0, colon).trim();
			String key = (colon < 0) ? "" : entry.substring(colon + 1).trim();
			if (!NAME.matcher(name).matches() || key.isEmpty()) {
				throw new InvalidSettingException(SETTING, "entry " + position + " is not name:key, where the name is"
						+ " 1 to 64 letters, digits, '.', '_' or '-' (starting with a letter or digit)");
			}
			if (key.length() < minLength) {
				throw new InvalidSettingException(SETTING, "the key of entry " + position + " must be at least "
						+ minLength + " characters, so that it cannot be guessed");
			}
			if (!KEY.matcher(key).matches()) {
				throw new InvalidSettingException(SETTING, "the key of entry " + position
						+ " must be visible ASCII characters without spaces, as it travels in an HTTP header");
			}
			ClientKey client = new ClientKey(name, digest(key));
			if (operator != null && MessageDigest.isEqual(operator, client.digest())) {
				throw new InvalidSettingException(SETTING, "the key of entry " + position
						+ " is the operator token (OPERATOR_TOKEN): every credential must be its own");
			}
			for (int j = 0; j < keys.size(); j++) {
				if (keys.get(j).name().equals(name)) {
					throw new InvalidSettingException(SETTING,
							"entries " + positions.get(j) + " and " + position + " name the same client");
				}
				if (MessageDigest.isEqual(keys.get(j).digest(), client.digest())) {
					throw new InvalidSettingException(SETTING, "entries " + positions.get(j) + " and " + position
							+ " have the same key: every client needs its own");
				}
			}
			keys.add(client);
			positions.add(position);
		}
		return List.copyOf(keys);
	}

	static byte[] digest(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	/**
	 * One client system: the name its messages are recorded under, and the digest of its
	 * key.
	 */
	record ClientKey(String name, byte[] digest) {

		@Override
		public String toString() {
			return "ClientKey[name=" + this.name + "]";
		}

	}

}
