package io.messagedispatch.store;

/**
 * Starts the embedded stores on first use only, so that a configured URI never starts an embedded server.
 */
final class EmbeddedStores implements AutoCloseable {

	private final StoreProperties properties;

	private EmbeddedMongo mongo;

	private EmbeddedRedis redis;

	EmbeddedStores(StoreProperties properties) {
		this.properties = properties;
	}

	synchronized EmbeddedMongo mongo() {
		if (this.mongo == null) {
			this.mongo = EmbeddedMongo.start(this.properties.embeddedMongoPort(), this.properties.dataDir());
		}
		return this.mongo;
	}

	synchronized EmbeddedRedis redis() {
		if (this.redis == null) {
			this.redis = EmbeddedRedis.start();
		}
		return this.redis;
	}

	@Override
	public synchronized void close() {
		if (this.redis != null) {
			this.redis.close();
		}
		if (this.mongo != null) {
			this.mongo.close();
		}
	}

}
