package io.messagedispatch.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.messagedispatch.MessageDispatchApplication;

/**
 * The service as a real child JVM, so that tests can kill it with SIGKILL or stop it with
 * SIGTERM like an operator or an orchestrator would. Its output goes to a file under
 * {@code target/faults}.
 */
public final class ServiceProcess implements AutoCloseable {

	private final Process process;

	private final Path log;

	private ServiceProcess(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	public static ServiceProcess start(String name, List<String> args) {
		Path log = Path.of("target", "faults", name + ".log");
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(MessageDispatchApplication.class.getName());
		command.addAll(args);
		try {
			Files.createDirectories(log.getParent());
			Process process = new ProcessBuilder(command).directory(new File("."))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
			return new ServiceProcess(process, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** SIGKILL: the JVM gets no chance to clean up. */
	public void kill() {
		this.process.destroyForcibly();
		waitFor(Duration.ofSeconds(30));
	}

	/**
	 * SIGTERM, then waits for the process to exit on its own; returns how long that took.
	 */
	public Duration terminate(Duration atMost) {
		long start = System.nanoTime();
		this.process.destroy();
		if (!waitFor(atMost)) {
			this.process.destroyForcibly();
			throw new AssertionError("the service did not exit within " + atMost + " of SIGTERM; see " + this.log);
		}
		return Duration.ofNanos(System.nanoTime() - start);
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public Path log() {
		return this.log;
	}

	private boolean waitFor(Duration atMost) {
		try {
			return this.process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
			waitFor(Duration.ofSeconds(30));
		}
	}

}
