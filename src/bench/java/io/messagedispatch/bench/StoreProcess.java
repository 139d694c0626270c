package io.messagedispatch.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link BenchStores} in its own JVM and talks to it one line at a time.
 */
final class StoreProcess implements AutoCloseable {

	private final Process process;

	private final BufferedReader out;

	private final PrintWriter in;

	final String mongoUri;

	final String providerUrl;

	final long pid;

	private StoreProcess(Process process, BufferedReader out, PrintWriter in, String[] ready) {
		this.process = process;
		this.out = out;
		this.in = in;
		this.mongoUri = ready[1];
		this.providerUrl = ready[2];
		this.pid = Long.parseLong(ready[3]);
	}

	static StoreProcess start(String mongoUri, String database, int providerThreads, String heap) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+UseParallelGC",
				"-Dsun.net.httpserver.nodelay=true", "-cp",
				System.getProperty("java.class.path"), BenchStores.class.getName(), mongoUri, database,
				Integer.toString(providerThreads)));
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		PrintWriter in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
		String line;
		while ((line = out.readLine()) != null) {
			if (line.startsWith(BenchStores.READY + " ")) {
				return new StoreProcess(process, out, in, line.split(" "));
			}
			System.out.println("[stores] " + line);
		}
		process.destroyForcibly();
		throw new IOException("The store process ended before it was ready");
	}

	/** Sends a command and returns the first answer line starting with {@code answer}, echoing the others. */
	String ask(String command, String answer) throws IOException {
		this.in.println(command);
		String line;
		while ((line = this.out.readLine()) != null) {
			if (line.startsWith(answer)) {
				return line;
			}
			System.out.println("[stores] " + line);
		}
		throw new IOException("The store process ended while answering " + command);
	}

	@Override
	public void close() throws InterruptedException {
		this.in.println("quit");
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
