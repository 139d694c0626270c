package io.messagedispatch.observability;

/**
 * The keys this service puts in the logging context (SLF4J MDC), so that every line about
 * a dispatch run or a message can be found by its id: the console pattern shows them in
 * dev, and the JSON lines carry them as fields in prod.
 */
public final class LogContext {

	/** The dispatch run a line belongs to. */
	public static final String RUN_ID = "runId";

	/** The message a line is about. */
	public static final String MESSAGE_ID = "messageId";

	private LogContext() {
	}

}
