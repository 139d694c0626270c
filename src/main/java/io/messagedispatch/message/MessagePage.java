package io.messagedispatch.message;

import java.util.List;

/**
 * One page of a listing, newest first.
 *
 * @param messages the page's messages
 * @param next where the next page starts; null when no message follows
 */
public record MessagePage(List<Message> messages, PageCursor next) {

	public MessagePage {
		messages = List.copyOf(messages);
	}

}
