package io.messagedispatch.observability;

import java.util.Map;

import org.slf4j.MDC;

import org.springframework.core.task.TaskDecorator;

/**
 * Carries the logging context of the thread that hands work to a pool over to the thread
 * that does it, so that a line logged while sending still names its run.
 */
public final class MdcTaskDecorator implements TaskDecorator {

	@Override
	public Runnable decorate(Runnable task) {
		Map<String, String> context = MDC.getCopyOfContextMap();
		return () -> {
			Map<String, String> previous = MDC.getCopyOfContextMap();
			setContext(context);
			try {
				task.run();
			}
			finally {
				setContext(previous);
			}
		};
	}

	private static void setContext(Map<String, String> context) {
		if (context == null) {
			MDC.clear();
		}
		else {
			MDC.setContextMap(context);
		}
	}

}
