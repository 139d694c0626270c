package io.messagedispatch.dispatch.run;

import org.springframework.stereotype.Component;

/**
 * Set once the service begins to shut down, so that a run in flight claims nothing more
 * and ends after its chunk.
 */
@Component
public class DispatchShutdown {

	private volatile boolean shuttingDown;

	public void begin() {
		this.shuttingDown = true;
	}

	/**
	 * The service runs again after a stop without a close (a paused application context
	 * started again): runs may claim again.
	 */
	public void cancel() {
		this.shuttingDown = false;
	}

	public boolean isShuttingDown() {
		return this.shuttingDown;
	}

}
