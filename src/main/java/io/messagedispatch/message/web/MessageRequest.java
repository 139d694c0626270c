package io.messagedispatch.message.web;

import io.messagedispatch.message.PhoneNumbers;

/**
 * A message a client asks to send. Its text form masks the phone number and leaves the
 * content out, since both are personal data and framework debug logging prints request
 * bodies this way.
 */
public record MessageRequest(String phoneNumber, String content) {

	@Override
	public String toString() {
		return "MessageRequest[phoneNumber=" + PhoneNumbers.mask(this.phoneNumber) + ", content="
				+ PhoneNumbers.describeContent(this.content) + "]";
	}

}
