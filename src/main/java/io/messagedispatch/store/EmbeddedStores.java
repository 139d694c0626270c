package io.messagedispatch.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Starts the embedded stores only where no URI is configured, so that a configured URI
 * never starts an embedded server. The embedded Redis starts in the background as soon as
 * the stores are first asked for, while MongoDB and the rest of the service start; it is
 * waited for when its port is needed.
 */
final class EmbeddedStores implements AutoCloseable {

	private final StoreProperties properties;

	private EmbeddedMongo mongo;

	private CompletableFuture<EmbeddedRedis> redis;

	EmbeddedStores(StoreProperties properties) {
		this.properties = properties;
	}

	synchronized EmbeddedMongo mongo() {
		startRedisEarly();
		if (this.mongo == null) {
			this.mongo = EmbeddedMongo.start(this.properties.embeddedMongoPort(), this.properties.dataDir());
		}
		return this.mongo;
	}

	synchronized EmbeddedRedis redis() {
		if (this.redis == null) {
			this.redis = CompletableFuture.completedFuture(EmbeddedRedis.start());
		}
		try {
			return this.redis.join();
		}
		catch (CompletionException ex) {
			this.redis = null;
			throw ex.getCause() instanceof RuntimeException cause ? cause : ex;
		}
	}

	private void startRedisEarly() {
		if (this.redis == null && !this.properties.hasRedisUrl() && this.properties.embeddedAllowed()) {
			this.redis = CompletableFuture.supplyAsync(EmbeddedRedis::start, task -> {
				Thread starter = new Thread(task, "embedded-redis-start");
				starter.setDaemon(true);
				starter.start();
			});
		}
	}

	@Override
	public synchronized void close() {
		if (this.redis != null) {
			try {
				this.redis.join().close();
			}
			catch (CompletionException ex) {
				// it never started, so there is nothing to stop
			}
		}
		if (this.mongo != null) {
			this.mongo.close();
		}
	}

}
