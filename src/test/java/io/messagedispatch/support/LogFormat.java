package io.messagedispatch.support;

import org.springframework.boot.logging.LoggingSystemProperty;

/**
 * Spring Boot keeps the console log format of the last started application in a system
 * property, so a test that starts the service in prod mode (JSON lines) would leave every
 * later test of the same JVM logging JSON.
 */
public final class LogFormat {

	private LogFormat() {
	}

	/**
	 * Lets the next application started in this JVM choose its own console format again.
	 */
	public static void forgetStructuredFormat() {
		System.clearProperty(LoggingSystemProperty.CONSOLE_STRUCTURED_FORMAT.getEnvironmentVariableName());
	}

}
