package io.messagedispatch.message.web;

import io.messagedispatch.message.PhoneNumbers;

/**
 * A message a client asks to send, with when it may go ({@code sendAt}), until when
 * ({@code validFor} or {@code expiresAt}) and how urgent it is ({@code priority}); all
 * but the first two are optional and read by {@link MessageSchedule}. Its text form masks
 * the phone number and leaves the content out, since both are personal data and framework
 * debug logging prints request bodies this way.
 *
 * @param sendAt an ISO-8601 instant; not claimed before it
 * @param validFor an ISO-8601 duration from now, e.g. {@code PT10M}
 * @param expiresAt an ISO-8601 instant after which it is never POSTed
 * @param priority {@code high}, {@code normal} (the default) or {@code low}
 */
public record MessageRequest(String phoneNumber, String content, String sendAt, String validFor, String expiresAt,
		String priority) {

	public MessageRequest(String phoneNumber, String content) {
		this(phoneNumber, content, null, null, null, null);
	}

	@Override
	public String toString() {
		return "MessageRequest[phoneNumber=" + PhoneNumbers.mask(this.phoneNumber) + ", content="
				+ PhoneNumbers.describeContent(this.content) + ", sendAt=" + this.sendAt + ", validFor=" + this.validFor
				+ ", expiresAt=" + this.expiresAt + ", priority=" + this.priority + "]";
	}

}
