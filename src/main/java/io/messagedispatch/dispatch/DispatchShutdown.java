package io.messagedispatch.dispatch;

import org.springframework.stereotype.Component;

/**
 * Set once the service begins to shut down, so that a run in flight claims nothing more
 * and ends after its chunk.
 */
@Component
class DispatchShutdown {

	private volatile boolean shuttingDown;

	void begin() {
		this.shuttingDown = true;
	}

	boolean isShuttingDown() {
		return this.shuttingDown;
	}

}
