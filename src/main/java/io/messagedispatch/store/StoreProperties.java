package io.messagedispatch.store;

import java.nio.file.Path;
import java.time.Duration;

import io.messagedispatch.settings.UriCredentials;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where MongoDB and Redis are. Without a URI, and when embedded stores are allowed (dev),
 * in-process ones are started.
 *
 * @param mongodbUri the MongoDB connection string ({@code MONGODB_URI}); empty means
 * embedded
 * @param mongodbDatabase the database ({@code MONGODB_DATABASE}); empty means the one
 * named in the URI, or {@value #DEFAULT_DATABASE} when it names none
 * @param redisUrl the Redis URL ({@code REDIS_URL}); empty means embedded
 * @param embeddedAllowed whether embedded stores may start when a URI is missing;
 * {@code false} in prod
 * @param embeddedMongoPort the first TCP port tried for the embedded MongoDB; 0 picks any
 * free port
 * @param dataDir where the embedded MongoDB keeps its data; empty keeps it in memory
 * @param mongoServerSelectionTimeout how long an operation waits for a reachable MongoDB
 * before it fails
 * @param mongoConnectTimeout how long opening a connection to MongoDB may take
 * @param mongoReadTimeout how long one MongoDB operation may take once sent
 */
@Validated
@ConfigurationProperties("messaging.store")
record StoreProperties(String mongodbUri, String mongodbDatabase, String redisUrl,
		@DefaultValue("false") boolean embeddedAllowed,
		@DefaultValue("27017") @Min(0) @Max(65535) int embeddedMongoPort, Path dataDir,
		@DefaultValue("5s") Duration mongoServerSelectionTimeout, @DefaultValue("2s") Duration mongoConnectTimeout,
		@DefaultValue("30s") Duration mongoReadTimeout) {

	/** The database when neither {@code MONGODB_DATABASE} nor the URI names one. */
	static final String DEFAULT_DATABASE = "message";

	boolean hasMongodbUri() {
		return this.mongodbUri != null && !this.mongodbUri.isBlank();
	}

	boolean hasMongodbDatabase() {
		return this.mongodbDatabase != null && !this.mongodbDatabase.isBlank();
	}

	boolean hasRedisUrl() {
		return this.redisUrl != null && !this.redisUrl.isBlank();
	}

	/**
	 * The URIs with their passwords masked, so that logging the settings never shows a
	 * secret.
	 */
	@Override
	public String toString() {
		return "StoreProperties[mongodbUri=" + UriCredentials.mask(this.mongodbUri) + ", mongodbDatabase="
				+ this.mongodbDatabase + ", redisUrl=" + UriCredentials.mask(this.redisUrl) + ", embeddedAllowed="
				+ this.embeddedAllowed + ", embeddedMongoPort=" + this.embeddedMongoPort + ", dataDir=" + this.dataDir
				+ ", mongoServerSelectionTimeout=" + this.mongoServerSelectionTimeout + ", mongoConnectTimeout="
				+ this.mongoConnectTimeout + ", mongoReadTimeout=" + this.mongoReadTimeout + "]";
	}

}
