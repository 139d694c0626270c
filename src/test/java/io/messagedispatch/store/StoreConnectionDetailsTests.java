package io.messagedispatch.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.messagedispatch.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What Boot's auto-configuration makes of the store settings: the MongoDB database it
 * opens, and whether the Lettuce client speaks TLS. Nothing here needs a running store.
 */
class StoreConnectionDetailsTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MongoAutoConfiguration.class,
				DataMongoAutoConfiguration.class, DataRedisAutoConfiguration.class))
		.withUserConfiguration(Stores.class)
		.withPropertyValues("messaging.store.mongodb-uri=mongodb://127.0.0.1:1",
				"messaging.store.redis-url=redis://127.0.0.1:1", "spring.data.redis.connect-timeout=2s",
				"spring.data.redis.timeout=2s");

	@Test
	void mongoUsesTheDatabaseNamedInTheUri() {
		this.contexts.withPropertyValues("messaging.store.mongodb-uri=mongodb://127.0.0.1:1/messaging")
			.run(context -> assertThat(database(context.getBean(MongoDatabaseFactory.class))).isEqualTo("messaging"));
	}

	@Test
	void mongoUsesMessageWhenTheUriNamesNoDatabase() {
		this.contexts
			.run(context -> assertThat(database(context.getBean(MongoDatabaseFactory.class))).isEqualTo("message"));
	}

	@Test
	void theDatabaseSettingOverridesTheUriOnlyWhenNotBlank() {
		this.contexts
			.withPropertyValues("messaging.store.mongodb-uri=mongodb://127.0.0.1:1/messaging",
					"messaging.store.mongodb-database=audit")
			.run(context -> assertThat(database(context.getBean(MongoDatabaseFactory.class))).isEqualTo("audit"));
		this.contexts
			.withPropertyValues("messaging.store.mongodb-uri=mongodb://127.0.0.1:1/messaging",
					"messaging.store.mongodb-database=")
			.run(context -> assertThat(database(context.getBean(MongoDatabaseFactory.class))).isEqualTo("messaging"));
	}

	@Test
	void bootsOwnDatabasePropertyStillWinsWhenSet() {
		this.contexts
			.withPropertyValues("messaging.store.mongodb-uri=mongodb://127.0.0.1:1/messaging",
					"spring.mongodb.database=bench")
			.run(context -> assertThat(database(context.getBean(MongoDatabaseFactory.class))).isEqualTo("bench"));
	}

	@Test
	void redissUrlTurnsTlsOnAndRedisUrlDoesNot() {
		this.contexts.withPropertyValues("messaging.store.redis-url=rediss://app:s3cr3t@cache.internal:6380/2")
			.run(context -> {
				DataRedisConnectionDetails details = context.getBean(DataRedisConnectionDetails.class);
				assertThat(details.getSslBundle()).as("the JVM's trust store").isNotNull();
				assertThat(details.getSslBundle().getManagers().getTrustManagerFactory()).isNotNull();
				assertThat(details.getUsername()).isEqualTo("app");
				assertThat(details.getPassword()).isEqualTo("s3cr3t");
				assertThat(details.getStandalone().getHost()).isEqualTo("cache.internal");
				assertThat(details.getStandalone().getPort()).isEqualTo(6380);
				assertThat(details.getStandalone().getDatabase()).isEqualTo(2);
				assertThat(details).asString().doesNotContain("s3cr3t");
				assertThat(context.getBean(LettuceConnectionFactory.class).getClientConfiguration().isUseSsl())
					.isTrue();
			});
		this.contexts.withPropertyValues("messaging.store.redis-url=redis://cache.internal:6380").run(context -> {
			assertThat(context.getBean(DataRedisConnectionDetails.class).getSslBundle()).isNull();
			assertThat(context.getBean(LettuceConnectionFactory.class).getClientConfiguration().isUseSsl()).isFalse();
		});
	}

	@Test
	void bootsSslSwitchAlsoTurnsTlsOnForARedisUrl() {
		this.contexts
			.withPropertyValues("messaging.store.redis-url=redis://cache.internal:6380",
					"spring.data.redis.ssl.enabled=true")
			.run(context -> assertThat(
					context.getBean(LettuceConnectionFactory.class).getClientConfiguration().isUseSsl())
				.isTrue());
	}

	@Test
	void anUnknownSslBundleIsNamed() {
		this.contexts
			.withPropertyValues("messaging.store.redis-url=rediss://cache.internal",
					"spring.data.redis.ssl.bundle=nope")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidSettingException.class)
				.hasMessageContaining("spring.data.redis.ssl.bundle"));
	}

	@Test
	void overRedissTheClientOpensWithATlsHandshake() throws Exception {
		assertThat(firstByteSentOver("rediss")).as("a TLS handshake record").isEqualTo(0x16);
		assertThat(firstByteSentOver("redis")).as("a RESP command").isEqualTo('*');
	}

	/**
	 * The first byte the Lettuce client writes to a server that reads it and hangs up.
	 */
	private int firstByteSentOver(String scheme) throws Exception {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			CompletableFuture<Integer> firstByte = CompletableFuture.supplyAsync(() -> {
				try (Socket client = server.accept(); InputStream in = client.getInputStream()) {
					return in.read();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			this.contexts
				.withPropertyValues("messaging.store.redis-url=" + scheme + "://127.0.0.1:" + server.getLocalPort())
				.run(context -> {
					LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
					// the server hangs up after one byte, so the connection fails: only
					// what was sent matters
					catchThrowable(() -> {
						try (RedisConnection connection = factory.getConnection()) {
							connection.ping();
						}
					});
				});
			return firstByte.get(10, TimeUnit.SECONDS);
		}
	}

	private static String database(MongoDatabaseFactory factory) {
		return factory.getMongoDatabase().getName();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(StoreProperties.class)
	@Import(StoreConfiguration.class)
	static class Stores {

	}

}
