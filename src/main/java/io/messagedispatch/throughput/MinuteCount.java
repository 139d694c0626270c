package io.messagedispatch.throughput;

import java.time.Instant;

/**
 * What the whole cluster dispatched in one minute, as {@code GET /processor/throughput}
 * lists it.
 *
 * @param minute the minute's first instant
 * @param sent messages the provider accepted
 * @param failed messages given up on: failed, or expired before they could be sent
 * @param retried messages left for a later run after a failed attempt
 */
record MinuteCount(Instant minute, long sent, long failed, long retried) {

	static MinuteCount none(Instant minute) {
		return new MinuteCount(minute, 0, 0, 0);
	}

}
