package io.messagedispatch.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import io.messagedispatch.settings.InvalidSettingException;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Points the MongoDB and Redis clients at the configured stores, or at embedded ones in dev. In prod (embedded not
 * allowed) a missing URI stops the start with the name of the variable to set.
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

	@Bean
	MongoConnectionDetails mongoConnectionDetails(StoreProperties properties, EmbeddedStores embedded) {
		if (properties.hasMongodbUri()) {
			ConnectionString connectionString = parseMongoUri(properties.mongodbUri());
			return () -> connectionString;
		}
		requireEmbeddedAllowed(properties, "messaging.store.mongodb-uri (MONGODB_URI)");
		ConnectionString connectionString = new ConnectionString(embedded.mongo().connectionString());
		return () -> connectionString;
	}

	@Bean
	DataRedisConnectionDetails redisConnectionDetails(StoreProperties properties, EmbeddedStores embedded) {
		if (properties.hasRedisUrl()) {
			return redisUrl(properties.redisUrl());
		}
		requireEmbeddedAllowed(properties, "messaging.store.redis-url (REDIS_URL)");
		Standalone standalone = new Standalone("127.0.0.1", embedded.redis().port(), 0);
		return new DataRedisConnectionDetails() {
			@Override
			public DataRedisConnectionDetails.Standalone getStandalone() {
				return standalone;
			}
		};
	}

	/**
	 * Fails fast when MongoDB is unreachable, so that a run reports the outage in seconds instead of hanging for the
	 * driver's default 30 s per operation.
	 */
	@Bean
	MongoClientSettingsBuilderCustomizer mongoTimeouts(StoreProperties properties) {
		return settings -> settings
			.applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(
					properties.mongoServerSelectionTimeout().toMillis(), TimeUnit.MILLISECONDS))
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

	private static ConnectionString parseMongoUri(String uri) {
		try {
			return new ConnectionString(uri);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSettingException("messaging.store.mongodb-uri (MONGODB_URI)",
					"is not a MongoDB connection string: " + ex.getMessage());
		}
	}

	private static DataRedisConnectionDetails redisUrl(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw invalidRedisUrl(ex.getMessage());
		}
		if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
			throw invalidRedisUrl("expected the redis scheme and a host");
		}
		int database = 0;
		String path = uri.getPath();
		if (path != null && path.length() > 1) {
			try {
				database = Integer.parseInt(path.substring(1));
			}
			catch (NumberFormatException ex) {
				throw invalidRedisUrl("the path must be a database number");
			}
		}
		Standalone standalone = new Standalone(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort(), database);
		String userInfo = uri.getUserInfo();
		String username = null;
		String password = null;
		if (userInfo != null) {
			int colon = userInfo.indexOf(':');
			username = colon < 0 ? null : emptyToNull(userInfo.substring(0, colon));
			password = colon < 0 ? userInfo : userInfo.substring(colon + 1);
		}
		return new UrlRedisConnectionDetails(username, password, standalone);
	}

	private static InvalidSettingException invalidRedisUrl(String reason) {
		return new InvalidSettingException("messaging.store.redis-url (REDIS_URL)",
				"is not a Redis URL of the form redis://[user:password@]host:port[/db]: " + reason);
	}

	private static String emptyToNull(String value) {
		return value.isEmpty() ? null : value;
	}

	private record UrlRedisConnectionDetails(String getUsername, String getPassword,
			DataRedisConnectionDetails.Standalone getStandalone) implements DataRedisConnectionDetails {
	}

	private record Standalone(String getHost, int getPort, int getDatabase)
			implements DataRedisConnectionDetails.Standalone {
	}

}
