package io.messagedispatch.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A provider on loopback that writes raw HTTP/1.1 over a {@link ServerSocket}, for
 * answers an HTTP server library does not send on purpose: status and headers followed by
 * a body that stalls, or a body far larger than any client should read. Each connection
 * serves one request and is then closed.
 */
public final class RawHttpProvider implements AutoCloseable {

	/** Writes the answer to one request. */
	@FunctionalInterface
	public interface Answer {

		void write(OutputStream out, InputStream in) throws IOException;

	}

	private final ServerSocket server;

	private final Answer answer;

	private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

	private final AtomicInteger requests = new AtomicInteger();

	private final CountDownLatch closedByClient = new CountDownLatch(1);

	private RawHttpProvider(ServerSocket server, Function<RawHttpProvider, Answer> answer) {
		this.server = server;
		this.answer = answer.apply(this);
	}

	/** Answers every request with {@code answer}. */
	public static RawHttpProvider start(Answer answer) {
		return start(provider -> answer);
	}

	/**
	 * Writes {@code partialAnswer} and then nothing more, until the client gives up and
	 * closes the connection, which {@link #awaitClosedByClient} tells.
	 */
	public static RawHttpProvider stallingAfter(byte[] partialAnswer) {
		return start(provider -> (out, in) -> {
			out.write(partialAnswer);
			out.flush();
			provider.waitForTheClientToClose(in);
		});
	}

	private static RawHttpProvider start(Function<RawHttpProvider, Answer> answer) {
		try {
			RawHttpProvider provider = new RawHttpProvider(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
					answer);
			Thread acceptor = new Thread(provider::accept, "raw-provider-" + provider.server.getLocalPort());
			acceptor.setDaemon(true);
			acceptor.start();
			return provider;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Status line and headers, ready to be followed by a body. */
	public static byte[] head(int status, String... headers) {
		StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(" Answer\r\n");
		for (String header : headers) {
			head.append(header).append("\r\n");
		}
		head.append("Connection: close\r\n\r\n");
		return head.toString().getBytes(StandardCharsets.US_ASCII);
	}

	private void waitForTheClientToClose(InputStream in) {
		try {
			while (in.read() != -1) {
				// the request is read already: anything more is ignored
			}
		}
		catch (IOException ex) {
			// reset by the client: closed as well
		}
		if (!this.server.isClosed()) {
			this.closedByClient.countDown();
		}
	}

	/** Whether the client closed a stalled connection within {@code timeout}. */
	public boolean awaitClosedByClient(Duration timeout) throws InterruptedException {
		return this.closedByClient.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getLocalPort() + "/messages";
	}

	public int requestCount() {
		return this.requests.get();
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		for (Socket connection : this.connections) {
			try {
				connection.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket connection = this.server.accept();
				this.connections.add(connection);
				Thread handler = new Thread(() -> serve(connection), "raw-provider-connection");
				handler.setDaemon(true);
				handler.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket connection) {
		try (connection;
				InputStream in = connection.getInputStream();
				OutputStream out = connection.getOutputStream()) {
			readRequest(in);
			this.requests.incrementAndGet();
			this.answer.write(out, in);
			out.flush();
		}
		catch (IOException ex) {
			// the client went away mid-answer, as it should for the answers played here
		}
		finally {
			this.connections.remove(connection);
		}
	}

	private static void readRequest(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		while (matched < end.length) {
			int next = in.read();
			if (next == -1) {
				throw new IOException("request ended early");
			}
			head.write(next);
			matched = next == end[matched] ? matched + 1 : (next == '\r' ? 1 : 0);
		}
		int length = 0;
		for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				length = Integer.parseInt(line.substring("content-length:".length()).trim());
			}
		}
		in.readNBytes(length);
	}

}
