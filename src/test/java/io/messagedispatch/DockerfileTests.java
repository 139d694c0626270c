package io.messagedispatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image is built the way production needs it: two stages, pinned base images, the jar
 * extracted in layers, a numeric non-root user, a liveness health check, and an exec-form
 * entry point so that the JVM itself gets SIGTERM.
 */
class DockerfileTests {

	private final List<String> lines = read();

	@Test
	void buildsInTwoStagesFromPinnedImages() {
		List<String> stages = this.lines.stream().filter(line -> line.startsWith("FROM ")).toList();

		assertThat(stages).hasSize(2);
		assertThat(stages.get(0)).matches("FROM \\S+ AS build");
		assertThat(stages.get(1)).matches("FROM \\S+ AS run");
		assertThat(stages)
			.allSatisfy(stage -> assertThat(stage.split(" ")[1]).matches("[^:]+:[^:]+").doesNotEndWith(":latest"));
	}

	@Test
	void runsTheLayeredJarAsANumericNonRootUserFromAnExecFormEntryPoint() {
		String file = String.join("\n", this.lines);

		assertThat(file).contains("extract --layers");
		List<String> lastStage = this.lines.subList(lastIndexStartingWith("FROM "), this.lines.size());
		assertThat(lastStage).anySatisfy(line -> assertThat(line).matches("USER [1-9][0-9]*(:[1-9][0-9]*)?"));
		assertThat(lastStage).anySatisfy(line -> assertThat(line).startsWith("ENTRYPOINT ["));
	}

	@Test
	void checksLivenessForItsHealth() {
		int healthCheck = lastIndexStartingWith("HEALTHCHECK ");

		assertThat(healthCheck).isNotNegative();
		assertThat(String.join("\n", this.lines.subList(healthCheck, Math.min(healthCheck + 3, this.lines.size()))))
			.contains("/actuator/health/liveness");
	}

	private int lastIndexStartingWith(String prefix) {
		for (int index = this.lines.size() - 1; index >= 0; index--) {
			if (this.lines.get(index).startsWith(prefix)) {
				return index;
			}
		}
		return -1;
	}

	private static List<String> read() {
		try {
			return Files.readAllLines(Path.of("Dockerfile"));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
