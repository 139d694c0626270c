package io.messagedispatch.support;

import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemProperty;

/**
 * Spring Boot keeps the console log format of the last started application in a system
 * property, so a test that starts the service in prod mode (JSON lines) would leave every
 * later test of the same JVM logging JSON; and while any application context of the JVM
 * is open (a cached test context), the logging system counts as initialised and the next
 * application keeps its format.
 */
public final class LogFormat {

	private LogFormat() {
	}

	/**
	 * Lets the next application started in this JVM set up logging its own way, even
	 * while a cached test context is still open.
	 */
	public static void startAfresh() {
		forgetStructuredFormat();
		LoggingSystem.get(LogFormat.class.getClassLoader()).cleanUp();
	}

	/**
	 * Lets the next application started in this JVM choose its own console format again.
	 */
	public static void forgetStructuredFormat() {
		System.clearProperty(LoggingSystemProperty.CONSOLE_STRUCTURED_FORMAT.getEnvironmentVariableName());
	}

}
