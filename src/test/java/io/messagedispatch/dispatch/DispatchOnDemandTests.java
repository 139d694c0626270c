package io.messagedispatch.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.messagedispatch.dispatch.lock.DispatchLock;
import io.messagedispatch.dispatch.run.DispatchRunner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.mock;

/**
 * Dispatch on demand ends this instance's own pause of the lock and runs a drain in the
 * background, never on the caller's thread; asking again while one runs queues exactly
 * one more, however often it is asked.
 */
class DispatchOnDemandTests {

	private final DispatchRunner runner = mock(DispatchRunner.class);

	private final DispatchLock lock = mock(DispatchLock.class);

	private final DispatchOnDemand onDemand = new DispatchOnDemand(this.runner, this.lock);

	@Test
	void requestsWhileARunIsUnderWayAddUpToOneMoreRun() throws Exception {
		AtomicInteger runs = new AtomicInteger();
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		given(this.runner.run(RunMode.DRAIN)).willAnswer(invocation -> {
			if (runs.incrementAndGet() == 1) {
				running.countDown();
				finish.await();
			}
			return RunReport.skipped("instance", RunMode.DRAIN, Instant.EPOCH, "test");
		});

		this.onDemand.drainSoon();
		assertThat(running.await(10, TimeUnit.SECONDS)).as("the first run started in the background").isTrue();
		for (int i = 0; i < 5; i++) {
			this.onDemand.drainSoon();
		}
		finish.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 2);
		this.onDemand.drainSoon();
		await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 3);
		this.onDemand.destroy();

		assertThat(runs).hasValue(3);
		then(this.lock).should(times(3)).endOwnPause();
	}

}
