package io.messagedispatch.store;

import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import io.messagedispatch.settings.InvalidSettingException;
import io.messagedispatch.settings.UriCredentials;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * Points the MongoDB and Redis clients at the configured stores, or at embedded ones in
 * dev. In prod (embedded not allowed) a missing URI stops the start with the name of the
 * variable to set. Boot's auto-configuration reads everything else (the database, TLS,
 * credentials) from the connection details declared here.
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

	@Bean
	MongoConnectionDetails mongoConnectionDetails(StoreProperties properties, EmbeddedStores embedded) {
		ConnectionString configured;
		if (properties.hasMongodbUri()) {
			configured = MongoConnectionStrings.parse(properties.mongodbUri());
		}
		else {
			requireEmbeddedAllowed(properties, MongoConnectionStrings.URI_SETTING);
			configured = new ConnectionString(embedded.mongo().connectionString());
		}
		String database = MongoConnectionStrings.database(configured, properties.mongodbDatabase());
		ConnectionString connectionString = MongoConnectionStrings.withDatabase(configured, database);
		return () -> connectionString;
	}

	@Bean
	DataRedisConnectionDetails redisConnectionDetails(StoreProperties properties, EmbeddedStores embedded,
			DataRedisProperties redisProperties, ObjectProvider<SslBundles> sslBundles) {
		if (properties.hasRedisUrl()) {
			RedisUrl url = RedisUrl.parse(properties.redisUrl());
			boolean tls = url.tls() || redisProperties.getSsl().isEnabled();
			return new UrlRedisConnectionDetails(url.username(), url.password(),
					tls ? sslBundle(redisProperties, sslBundles) : null,
					new Standalone(url.host(), url.port(), url.database()));
		}
		requireEmbeddedAllowed(properties, RedisUrl.SETTING);
		Standalone standalone = new Standalone("127.0.0.1", embedded.redis().port(), 0);
		return new DataRedisConnectionDetails() {
			@Override
			public DataRedisConnectionDetails.Standalone getStandalone() {
				return standalone;
			}
		};
	}

	/**
	 * Fails fast when MongoDB is unreachable, so that a run reports the outage in seconds
	 * instead of hanging for the driver's default 30 s per operation.
	 */
	@Bean
	MongoClientSettingsBuilderCustomizer mongoTimeouts(StoreProperties properties) {
		return settings -> settings
			.applyToClusterSettings(cluster -> cluster
				.serverSelectionTimeout(properties.mongoServerSelectionTimeout().toMillis(), TimeUnit.MILLISECONDS))
			.applyToSocketSettings(socket -> socket
				.connectTimeout((int) properties.mongoConnectTimeout().toMillis(), TimeUnit.MILLISECONDS)
				.readTimeout((int) properties.mongoReadTimeout().toMillis(), TimeUnit.MILLISECONDS));
	}

	@Bean(destroyMethod = "close")
	EmbeddedStores embeddedStores(StoreProperties properties) {
		return new EmbeddedStores(properties);
	}

	private static void requireEmbeddedAllowed(StoreProperties properties, String setting) {
		if (!properties.embeddedAllowed()) {
			throw new InvalidSettingException(setting,
					"is required because embedded stores are not allowed in this environment (APP_ENV)");
		}
	}

	/**
	 * Lettuce speaks TLS when the connection details carry an SSL bundle: the one named
	 * by {@code spring.data.redis.ssl.bundle}, else the JVM's default trust store, as for
	 * any HTTPS call.
	 */
	private static SslBundle sslBundle(DataRedisProperties redisProperties, ObjectProvider<SslBundles> sslBundles) {
		String name = redisProperties.getSsl().getBundle();
		if (!StringUtils.hasText(name)) {
			return SslBundle.systemDefault();
		}
		try {
			return sslBundles.getObject().getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidSettingException("spring.data.redis.ssl.bundle",
					"names no SSL bundle (spring.ssl.bundle.*): " + name);
		}
	}

	/**
	 * Connection details from {@code REDIS_URL}; {@link #toString()} masks the password.
	 */
	private record UrlRedisConnectionDetails(String getUsername, String getPassword, SslBundle getSslBundle,
			DataRedisConnectionDetails.Standalone getStandalone) implements DataRedisConnectionDetails {

		@Override
		public String toString() {
			return "UrlRedisConnectionDetails[username=" + this.getUsername + ", password="
					+ ((this.getPassword != null) ? UriCredentials.MASK : null) + ", ssl=" + (this.getSslBundle != null)
					+ ", " + this.getStandalone + "]";
		}

	}

	private record Standalone(String getHost, int getPort,
			int getDatabase) implements DataRedisConnectionDetails.Standalone {
	}

}
