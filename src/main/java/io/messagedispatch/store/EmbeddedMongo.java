package io.messagedispatch.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.messagedispatch.store.embedded.IndexedH2Backend;
import io.messagedispatch.store.embedded.IndexedMemoryBackend;

/**
 * An in-process MongoDB wire-protocol server (mongo-java-server) so that the dev run
 * needs nothing installed. It listens on TCP, so mongosh, mongoimport or any driver can
 * reach it. It has no transactions, which the service never uses. Its secondary indexes
 * that hold {@code _id} (those of the listings and the claim) are kept in order, so that
 * a page of a listing never sorts the collection.
 */
final class EmbeddedMongo implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

	private static final int PORTS_TRIED = 20;

	private final MongoServer server;

	private final String connectionString;

	private EmbeddedMongo(MongoServer server, InetSocketAddress address) {
		this.server = server;
		this.connectionString = "mongodb://" + address.getHostString() + ":" + address.getPort();
	}

	static EmbeddedMongo start(int preferredPort, Path dataDir) {
		MongoServer server = new MongoServer(backend(dataDir));
		InetSocketAddress address = bind(server, preferredPort);
		EmbeddedMongo mongo = new EmbeddedMongo(server, address);
		log.info("Embedded MongoDB listening on {} ({})", mongo.connectionString,
				dataDir == null ? "in memory" : "data in " + dataDir.toAbsolutePath().normalize());
		return mongo;
	}

	private static MongoBackend backend(Path dataDir) {
		if (dataDir == null || dataDir.toString().isBlank()) {
			return new IndexedMemoryBackend();
		}
		try {
			Files.createDirectories(dataDir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the embedded MongoDB data directory " + dataDir, ex);
		}
		return new IndexedH2Backend(dataDir.resolve("mongo.mv").toString());
	}

	private static InetSocketAddress bind(MongoServer server, int preferredPort) {
		if (preferredPort == 0) {
			return server.bind();
		}
		for (int port = preferredPort; port < preferredPort + PORTS_TRIED && port <= 65535; port++) {
			if (isFree(port)) {
				server.bind("127.0.0.1", port);
				return server.getLocalAddress();
			}
			log.debug("Port {} is taken, trying the next one", port);
		}
		throw new IllegalStateException("No free port for the embedded MongoDB from " + preferredPort + " to "
				+ (preferredPort + PORTS_TRIED - 1));
	}

	private static boolean isFree(int port) {
		try (ServerSocket probe = new ServerSocket()) {
			probe.setReuseAddress(true);
			probe.bind(new InetSocketAddress("127.0.0.1", port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	String connectionString() {
		return this.connectionString;
	}

	@Override
	public void close() {
		this.server.shutdown();
	}

}
