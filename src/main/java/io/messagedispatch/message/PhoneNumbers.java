package io.messagedispatch.message;

/**
 * Phone numbers and message content are personal data: logs show only enough of them to
 * tell messages apart.
 */
public final class PhoneNumbers {

	private static final int SHOWN_PREFIX = 6;

	private static final int SHOWN_SUFFIX = 2;

	private PhoneNumbers() {
	}

	/**
	 * {@code +905551111111} becomes {@code +90555*****11}; short or missing numbers are
	 * masked whole.
	 */
	public static String mask(String phoneNumber) {
		if (phoneNumber == null) {
			return "null";
		}
		if (phoneNumber.length() <= SHOWN_PREFIX + SHOWN_SUFFIX) {
			return "*".repeat(phoneNumber.length());
		}
		int hidden = phoneNumber.length() - SHOWN_PREFIX - SHOWN_SUFFIX;
		return phoneNumber.substring(0, SHOWN_PREFIX) + "*".repeat(hidden)
				+ phoneNumber.substring(phoneNumber.length() - SHOWN_SUFFIX);
	}

	/**
	 * Message content is personal data too: logs show only how long it is.
	 */
	public static String describeContent(String content) {
		return content == null ? "null" : "(" + content.codePointCount(0, content.length()) + " characters)";
	}

}
