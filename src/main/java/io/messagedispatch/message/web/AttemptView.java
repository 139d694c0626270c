package io.messagedispatch.message.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.messagedispatch.message.Attempt;
import io.messagedispatch.message.AttemptLog;

/**
 * One entry of a message's attempt log as the API shows it, numbered from 1 in the order
 * the entries were written.
 */
public record AttemptView(long attempt, Instant at, String instance, String runId, String outcome, Integer httpStatus,
		String error, long latencyMs, String responseExcerpt) {

	/** The entries kept, oldest first, with the numbers they were written under. */
	static List<AttemptView> of(AttemptLog log) {
		List<AttemptView> views = new ArrayList<>(log.kept().size());
		long number = log.firstNumber();
		for (Attempt entry : log.kept()) {
			views.add(new AttemptView(number++, entry.at(), entry.instance(), entry.runId(),
					(entry.outcome() != null) ? entry.outcome().value() : null, entry.httpStatus(), entry.error(),
					entry.latencyMs(), entry.responseExcerpt()));
		}
		return views;
	}

}
