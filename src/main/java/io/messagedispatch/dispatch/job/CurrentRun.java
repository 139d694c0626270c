package io.messagedispatch.dispatch.job;

import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Holds the one run in flight on this instance ({@link DispatchRunner} never starts two
 * at once).
 */
@Component
public class CurrentRun {

	private volatile DispatchRun run;

	public void begin(DispatchRun run) {
		this.run = run;
	}

	public void end() {
		this.run = null;
	}

	public Optional<DispatchRun> find() {
		return Optional.ofNullable(this.run);
	}

	DispatchRun get() {
		DispatchRun current = this.run;
		if (current == null) {
			throw new IllegalStateException("No dispatch run in flight");
		}
		return current;
	}

}
