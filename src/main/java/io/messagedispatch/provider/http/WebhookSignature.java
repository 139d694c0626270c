package io.messagedispatch.provider.http;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.messagedispatch.settings.InvalidSettingException;

/**
 * One Standard Webhooks secret: it signs a request with {@code webhook-id},
 * {@code webhook-timestamp} (unix seconds) and {@code webhook-signature} ({@code v1,} and
 * the base64 HMAC-SHA256 of {@code id.timestamp.body} under the key), and checks the
 * signature and the timestamp of a request received. The service has two such secrets:
 * one signs its POSTs to the provider ({@link WebhookSigner}), the other checks the
 * delivery reports the provider sends back.
 */
public final class WebhookSignature {

	public static final String ID = "webhook-id";

	public static final String TIMESTAMP = "webhook-timestamp";

	public static final String SIGNATURE = "webhook-signature";

	/**
	 * How far a signed timestamp may be from now, either way, before a check refuses it
	 * as a replay.
	 */
	public static final Duration TOLERANCE = Duration.ofMinutes(5);

	private static final String SECRET_PREFIX = "whsec_";

	private static final String VERSION = "v1";

	private static final int MIN_KEY_BYTES = 24;

	private static final int MAX_KEY_BYTES = 64;

	private final SecretKeySpec key;

	private final Clock clock;

	private WebhookSignature(SecretKeySpec key, Clock clock) {
		this.key = key;
		this.clock = clock;
	}

	/**
	 * The signature under {@code secret}: {@code whsec_} and the base64 of a 24 to 64
	 * byte key.
	 * @param setting the setting the secret comes from, named when it is malformed (its
	 * value never is)
	 * @throws InvalidSettingException when the secret is not such a key
	 */
	public static WebhookSignature of(String secret, String setting, Clock clock) {
		return new WebhookSignature(key(secret, setting), clock);
	}

	/** The headers that sign one request with this exact body. */
	public Map<String, String> headers(String id, byte[] body) {
		long timestamp = this.clock.instant().getEpochSecond();
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(ID, id);
		headers.put(TIMESTAMP, Long.toString(timestamp));
		headers.put(SIGNATURE, VERSION + "," + sign(id, timestamp, body));
		return headers;
	}

	/**
	 * Why a received request's signature cannot be trusted, or empty when it can. The
	 * signature header may list several space-separated signatures (during a secret
	 * rotation); one that matches is enough. A timestamp further than {@link #TOLERANCE}
	 * from now, either way, is refused.
	 */
	public Optional<String> problem(String id, String timestamp, String signatures, byte[] body) {
		if (id == null || timestamp == null || signatures == null) {
			return Optional.of("missing " + ID + ", " + TIMESTAMP + " or " + SIGNATURE + " header");
		}
		long seconds;
		try {
			seconds = Long.parseLong(timestamp.trim());
		}
		catch (NumberFormatException ex) {
			return Optional.of(TIMESTAMP + " is not unix seconds");
		}
		Instant signedAt;
		try {
			signedAt = Instant.ofEpochSecond(seconds);
		}
		catch (RuntimeException ex) {
			return Optional.of(TIMESTAMP + " is not unix seconds");
		}
		Duration skew = Duration.between(signedAt, this.clock.instant()).abs();
		if (skew.compareTo(TOLERANCE) > 0) {
			return Optional.of(TIMESTAMP + " is more than " + TOLERANCE.toMinutes() + " minutes from now");
		}
		byte[] expected = sign(id, seconds, body).getBytes(StandardCharsets.US_ASCII);
		for (String signature : signatures.trim().split(" +")) {
			int comma = signature.indexOf(',');
			if (comma > 0 && VERSION.equals(signature.substring(0, comma)) && MessageDigest.isEqual(expected,
					signature.substring(comma + 1).getBytes(StandardCharsets.US_ASCII))) {
				return Optional.empty();
			}
		}
		return Optional.of(SIGNATURE + " does not match");
	}

	String sign(String id, long timestamp, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(mac.doFinal(body));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every Java runtime", ex);
		}
	}

	private static SecretKeySpec key(String secret, String setting) {
		if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
			throw new InvalidSettingException(setting, "must start with " + SECRET_PREFIX);
		}
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSettingException(setting, "must be " + SECRET_PREFIX + " followed by base64");
		}
		if (bytes.length < MIN_KEY_BYTES || bytes.length > MAX_KEY_BYTES) {
			throw new InvalidSettingException(setting,
					"must hold a key of " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES + " bytes, not " + bytes.length);
		}
		return new SecretKeySpec(bytes, "HmacSHA256");
	}

}
