package io.messagedispatch.settings;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * URIs as startup failures and logs show them: the password masked, whatever shape the
 * URI is in.
 */
class UriCredentialsTests {

	@Test
	void thePasswordIsMaskedAndTheRestKept() {
		assertThat(UriCredentials.mask("redis://app:s3cr3t@cache.internal:6379/0"))
			.isEqualTo("redis://app:******@cache.internal:6379/0");
		assertThat(UriCredentials.mask("mongodb://app:s3cr3t@a:27017,b:27017/message?authSource=admin"))
			.isEqualTo("mongodb://app:******@a:27017,b:27017/message?authSource=admin");
		assertThat(UriCredentials.mask("redis://:s3cr3t@cache.internal")).isEqualTo("redis://:******@cache.internal");
	}

	@Test
	void aUserPartWithoutAColonIsMaskedWhole() {
		assertThat(UriCredentials.mask("redis://s3cr3t@cache.internal")).isEqualTo("redis://******@cache.internal");
	}

	@Test
	void malformedPasswordsAreMaskedWhole() {
		assertThat(UriCredentials.mask("mongodb://app:s3@cr/3t x@db.internal/message"))
			.isEqualTo("mongodb://app:******@db.internal/message");
		assertThat(UriCredentials.mask("redis:app:s3cr3t@cache.internal")).isEqualTo("redis:app:******@cache.internal");
		assertThat(UriCredentials.mask("app:s3cr3t@cache.internal")).isEqualTo("app:******@cache.internal");
	}

	@Test
	void textWithoutCredentialsIsUnchanged() {
		assertThat(UriCredentials.mask("redis://cache.internal:6379")).isEqualTo("redis://cache.internal:6379");
		assertThat(UriCredentials.mask("not a url")).isEqualTo("not a url");
		assertThat(UriCredentials.mask(null)).isNull();
	}

}
