package io.messagedispatch.dispatch.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DispatchRunTests {

	private final DispatchRun run = new DispatchRun("run", "instance/run", 10, Instant.now().plusSeconds(60));

	@Test
	void waitingForSendsReturnsOnceTheLastOneEnds() throws Exception {
		this.run.sendStarted("a");
		this.run.sendStarted("b");
		CountDownLatch waiting = new CountDownLatch(1);
		CompletableFuture<Set<String>> settled = CompletableFuture.supplyAsync(() -> {
			waiting.countDown();
			try {
				return this.run.awaitSendsSettled(Duration.ofMinutes(1));
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();

		this.run.sendEnded("a");
		assertThat(this.run.stillSending()).containsExactly("b");
		this.run.sendEnded("b");

		assertThat(settled.get(10, TimeUnit.SECONDS)).isEmpty();
	}

	@Test
	void waitingGivesUpAfterTheTimeoutAndNamesTheSendsStillRunning() throws Exception {
		this.run.sendStarted("stuck");

		assertThat(this.run.awaitSendsSettled(Duration.ofMillis(50))).containsExactly("stuck");
	}

}
