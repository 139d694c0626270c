package io.messagedispatch.dispatch;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.messagedispatch.dispatch.lock.DispatchLock;
import io.messagedispatch.dispatch.run.DispatchRunner;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Dispatch now rather than at the next tick of the schedule: a drain run in the
 * background on this instance, so that test messages show their whole way at once instead
 * of at the schedule's pace. The run obeys the processor switch and the cluster-wide lock
 * as every run does; asking again while a run waits to start adds nothing, asking while
 * one runs queues one more after it.
 */
@Component
public class DispatchOnDemand implements DisposableBean {

	private final DispatchRunner runner;

	private final DispatchLock lock;

	private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
		Thread thread = new Thread(task, "dispatch-on-demand");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicBoolean waiting = new AtomicBoolean();

	DispatchOnDemand(DispatchRunner runner, DispatchLock lock) {
		this.runner = runner;
		this.lock = lock;
	}

	/** Starts a drain run in the background, unless one is already waiting to start. */
	public void drainSoon() {
		if (!this.waiting.compareAndSet(false, true)) {
			return;
		}
		try {
			this.executor.execute(() -> {
				this.waiting.set(false);
				this.lock.endOwnPause();
				this.runner.run(RunMode.DRAIN);
			});
		}
		catch (RejectedExecutionException ex) {
			// shutting down: the schedule of the instances left sends them
			this.waiting.set(false);
		}
	}

	@Override
	public void destroy() {
		// the runner has let the run in flight finish its chunk by now
		this.executor.shutdownNow();
	}

}
