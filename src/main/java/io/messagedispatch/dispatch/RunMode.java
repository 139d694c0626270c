package io.messagedispatch.dispatch;

/**
 * Why a dispatch run starts, which decides how much it may send.
 */
public enum RunMode {

	/** A tick of the schedule: at most {@code batch-size} messages. */
	SCHEDULED,
	/** One run on demand (cron mode): at most {@code batch-size} messages. */
	ONCE,
	/** Until the queue holds nothing due, or {@code max-run-duration} has passed. */
	DRAIN

}
