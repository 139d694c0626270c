package io.messagedispatch.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A real redis-server binary shipped inside a Maven dependency, started on a free
 * loopback port so that the dev run and the tests need no Redis installed. It keeps
 * nothing on disk.
 */
final class EmbeddedRedis implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);

	private final RedisServer server;

	private final int port;

	private EmbeddedRedis(RedisServer server, int port) {
		this.server = server;
		this.port = port;
	}

	static EmbeddedRedis start() {
		int port = freePort();
		try {
			RedisServer server = RedisServer.newRedisServer()
				.bind("127.0.0.1")
				.port(port)
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			server.start();
			log.info("Embedded Redis listening on 127.0.0.1:{}", port);
			return new EmbeddedRedis(server, port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the embedded Redis", ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int port() {
		return this.port;
	}

	@Override
	public void close() {
		try {
			this.server.stop();
		}
		catch (IOException ex) {
			log.warn("Embedded Redis did not stop cleanly", ex);
		}
	}

}
