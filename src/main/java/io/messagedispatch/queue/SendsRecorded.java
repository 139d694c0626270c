package io.messagedispatch.queue;

import java.util.Set;

/**
 * Sends were just recorded: these messages are {@code sent} under these ids of the
 * provider ({@code webhookMessageId}), written before this event is published. Published
 * synchronously, once per recorded chunk that has any, so that a listener that checks
 * something written under those ids sees them stored.
 *
 * @param webhookMessageIds the provider's ids of the messages recorded as sent; never
 * empty
 */
public record SendsRecorded(Set<String> webhookMessageIds) {

	public SendsRecorded {
		webhookMessageIds = Set.copyOf(webhookMessageIds);
	}

}
