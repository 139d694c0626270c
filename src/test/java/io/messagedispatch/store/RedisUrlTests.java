package io.messagedispatch.store;

import io.messagedispatch.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code REDIS_URL} in its plain and TLS forms: what is taken from it, and what is
 * refused.
 */
class RedisUrlTests {

	@Test
	void plainUrlWithUserPasswordAndDatabase() {
		assertThat(RedisUrl.parse("redis://app:s3cr3t@cache.internal:6380/2"))
			.isEqualTo(new RedisUrl(false, "cache.internal", 6380, 2, "app", "s3cr3t"));
	}

	@Test
	void tlsUrlWithUserPasswordAndDatabase() {
		assertThat(RedisUrl.parse("rediss://app:s3cr3t@cache.internal:6380/3"))
			.isEqualTo(new RedisUrl(true, "cache.internal", 6380, 3, "app", "s3cr3t"));
		assertThat(RedisUrl.parse("REDISS://cache.internal").tls()).isTrue();
	}

	@Test
	void defaultsArePort6379DatabaseZeroAndNoCredentials() {
		assertThat(RedisUrl.parse("redis://cache.internal"))
			.isEqualTo(new RedisUrl(false, "cache.internal", 6379, 0, null, null));
		assertThat(RedisUrl.parse("rediss://cache.internal/"))
			.isEqualTo(new RedisUrl(true, "cache.internal", 6379, 0, null, null));
	}

	@Test
	void aUserPartWithoutAColonOrWithoutAUserIsThePassword() {
		assertThat(RedisUrl.parse("redis://s3cr3t@cache.internal")).extracting(RedisUrl::username, RedisUrl::password)
			.containsExactly(null, "s3cr3t");
		assertThat(RedisUrl.parse("redis://:s3cr3t@cache.internal")).extracting(RedisUrl::username, RedisUrl::password)
			.containsExactly(null, "s3cr3t");
	}

	@Test
	void percentEscapesInTheUserPartAreDecodedAndAPlusStaysAPlus() {
		assertThat(RedisUrl.parse("redis://app%3Aone:p%40ss%3Aw+rd@cache.internal"))
			.extracting(RedisUrl::username, RedisUrl::password)
			.containsExactly("app:one", "p@ss:w+rd");
	}

	@Test
	void malformedUrlsAreRefusedWithTheReason() {
		assertThat(refusal("http://cache.internal")).endsWith("the scheme must be redis or rediss");
		assertThat(refusal("redis://cache.internal:notaport"))
			.endsWith("a host is required, and a port must be a number");
		assertThat(refusal("redis://cache.internal:70000")).endsWith("the port must be between 1 and 65535");
		assertThat(refusal("redis://cache.internal/cache")).endsWith("the path must be a database number");
		assertThat(refusal("redis://cache.internal/-1")).endsWith("the path must be a database number");
		assertThat(refusal("redis://app:s3cr3t pw@cache.internal")).contains("Illegal character");
	}

	@Test
	void theTextOfTheParsedUrlHidesThePassword() {
		assertThat(RedisUrl.parse("rediss://app:s3cr3t@cache.internal")).asString()
			.doesNotContain("s3cr3t")
			.contains("password=******");
	}

	private static String refusal(String url) {
		InvalidSettingException refused = catchThrowableOfType(InvalidSettingException.class,
				() -> RedisUrl.parse(url));
		assertThat(refused).as(url).isNotNull();
		assertThat(refused.getMessage())
			.startsWith("Invalid setting messaging.store.redis-url (REDIS_URL): is not a Redis URL");
		return refused.getMessage();
	}

}
