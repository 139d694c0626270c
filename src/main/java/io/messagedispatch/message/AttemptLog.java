package io.messagedispatch.message;

import java.util.List;

/**
 * A message's attempt log as stored: the entries kept (at most
 * {@link Attempt#KEPT_PER_MESSAGE}, oldest first) and how many were ever written, so that
 * the entries keep their numbers when older ones have made way.
 *
 * @param client the client system that enqueued the message; null for the operator
 * @param written how many entries were ever written
 * @param kept the entries kept, oldest first
 */
public record AttemptLog(String client, long written, List<Attempt> kept) {

	public AttemptLog {
		kept = List.copyOf(kept);
	}

	/** The number of the first entry kept: entries are numbered from 1. */
	public long firstNumber() {
		return Math.max(1, this.written - this.kept.size() + 1);
	}

}
