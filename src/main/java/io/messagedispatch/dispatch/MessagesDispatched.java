package io.messagedispatch.dispatch;

/**
 * A chunk's outcomes were just recorded: how many of its messages were sent, left for a
 * later run and given up on. Published once per chunk that recorded any, in the thread
 * that wrote it, so that the cluster's throughput can be counted without reading the
 * messages again.
 *
 * @param sent messages the provider accepted
 * @param retried messages left for a later run
 * @param failed messages given up on: failed, or expired before they could be sent (as
 * the run report counts them)
 */
public record MessagesDispatched(long sent, long retried, long failed) {

	/** Whether the chunk recorded anything. */
	public boolean any() {
		return this.sent + this.retried + this.failed > 0;
	}

}
