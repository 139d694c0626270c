package io.messagedispatch.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * wrk as the load of {@link ApiBenchmark}: a closed loop of connections from its own
 * process, each request's path drawn from a list written beforehand, and a Lua
 * {@code done} hook that prints the figures on one line.
 */
final class WrkLoad {

	private static final int PATHS = 10_000;

	private static final String SCRIPT = """
			local paths = {}
			init = function(args)
			  for line in io.lines(args[1]) do paths[#paths + 1] = line end
			  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
			end
			request = function()
			  return wrk.format("GET", paths[math.random(#paths)])
			end
			done = function(summary, latency, requests)
			  local e = summary.errors
			  io.write(string.format("RESULT %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
			    latency:percentile(50), latency:percentile(99), latency.max,
			    e.connect + e.read + e.write + e.timeout, e.status))
			end
			""";

	private final String executable;

	private final String version;

	private WrkLoad(String executable, String version) {
		this.executable = executable;
		this.version = version;
	}

	/** wrk from the PATH, or null when there is none. */
	static WrkLoad find() {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			Path candidate = Path.of(dir, "wrk");
			if (Files.isExecutable(candidate)) {
				return new WrkLoad(candidate.toString(), versionOf(candidate.toString()));
			}
		}
		return null;
	}

	private static String versionOf(String executable) {
		try {
			Process process = new ProcessBuilder(executable, "-v").redirectErrorStream(true).start();
			String first = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
				.findFirst()
				.orElse("wrk");
			process.waitFor(5, TimeUnit.SECONDS);
			return first.split(" \\[")[0].trim();
		}
		catch (IOException ex) {
			return "wrk";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "wrk";
		}
	}

	String version() {
		return this.version;
	}

	ApiBenchmark.Result load(String base, ApiBenchmark.Read read, int connections, int seconds)
			throws IOException, InterruptedException {
		Path dir = Files.createTempDirectory("dispatch-wrk-");
		try {
			Path script = Files.writeString(dir.resolve("paths.lua"), SCRIPT);
			List<String> paths = new ArrayList<>(PATHS);
			for (int i = 0; i < PATHS; i++) {
				paths.add(read.path().apply(i));
			}
			Path pathFile = Files.write(dir.resolve("paths.txt"), paths);
			int threads = Math.max(1, Math.min(connections, Runtime.getRuntime().availableProcessors()));
			long loadCpuBefore = CpuClock.childrenMicros();
			Process wrk = new ProcessBuilder(this.executable, "-t" + threads, "-c" + connections, "-d" + seconds + "s",
					"--timeout", "30s", "-s", script.toString(), base, "--", pathFile.toString())
				.redirectErrorStream(true)
				.start();
			String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!wrk.waitFor(seconds + 60L, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
				wrk.destroyForcibly();
				throw new IOException("wrk failed: " + output);
			}
			long loadCpu = CpuClock.childrenMicros() - loadCpuBefore;
			String result = output.lines()
				.filter(line -> line.startsWith("RESULT "))
				.findFirst()
				.orElseThrow(() -> new IOException("No RESULT line from wrk: " + output));
			String[] fields = result.split(" ");
			long requests = Long.parseLong(fields[1]);
			double elapsed = Long.parseLong(fields[2]) / 1e6;
			long errors = Long.parseLong(fields[6]) + Long.parseLong(fields[7]);
			return new ApiBenchmark.Result(requests / elapsed, Long.parseLong(fields[3]) / 1000.0,
					Long.parseLong(fields[4]) / 1000.0, Long.parseLong(fields[5]) / 1000.0, errors, Double.NaN,
					(requests == 0 || loadCpu < 0) ? Double.NaN : (double) loadCpu / requests, elapsed);
		}
		finally {
			try (var files = Files.list(dir)) {
				for (Path file : files.toList()) {
					Files.deleteIfExists(file);
				}
			}
			Files.deleteIfExists(dir);
		}
	}

}
