package io.messagedispatch.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback TCP relay that can be cut: while cut, every open connection is closed and
 * new ones are closed at once, as when a database host becomes unreachable; when
 * restored, it relays again on the same port.
 */
public final class TcpProxy implements AutoCloseable {

	private final ServerSocket listener;

	private final int targetPort;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private volatile boolean cut;

	private TcpProxy(ServerSocket listener, int targetPort) {
		this.listener = listener;
		this.targetPort = targetPort;
	}

	public static TcpProxy to(int targetPort) {
		try {
			ServerSocket listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
			TcpProxy proxy = new TcpProxy(listener, targetPort);
			proxy.threads.execute(proxy::acceptLoop);
			return proxy;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public int port() {
		return this.listener.getLocalPort();
	}

	/** Closes every connection and refuses service until {@link #restore()}. */
	public void cut() {
		this.cut = true;
		this.open.forEach(TcpProxy::closeQuietly);
		this.open.clear();
	}

	public void restore() {
		this.cut = false;
	}

	private void acceptLoop() {
		while (!this.listener.isClosed()) {
			try {
				Socket client = this.listener.accept();
				if (this.cut) {
					closeQuietly(client);
					continue;
				}
				Socket server = new Socket();
				server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.targetPort), 2000);
				this.open.add(client);
				this.open.add(server);
				this.threads.execute(() -> relay(client, server));
				this.threads.execute(() -> relay(server, client));
			}
			catch (IOException ex) {
				if (this.listener.isClosed()) {
					return;
				}
			}
		}
	}

	private void relay(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) >= 0) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// the other side closed or the proxy was cut
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
			this.open.remove(from);
			this.open.remove(to);
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() {
		cut();
		try {
			this.listener.close();
		}
		catch (IOException ex) {
			// already closed
		}
		this.threads.shutdownNow();
	}

}
