package io.messagedispatch.message;

import java.util.regex.Pattern;

/**
 * Phone numbers and message content are personal data: logs show only enough of them to
 * tell messages apart.
 */
public final class PhoneNumbers {

	/**
	 * Seven to fifteen digits, with or without a plus, standing alone: not part of a
	 * longer number or of a word such as a hex id.
	 */
	private static final Pattern NUMBER_IN_TEXT = Pattern.compile("(?<![\\w+])\\+?\\d{7,15}(?!\\w)");

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
	 * {@code text} with every phone number in it masked as {@link #mask} does: for what a
	 * provider answered, which may quote the recipient.
	 */
	public static String maskWithin(String text) {
		if (text == null) {
			return null;
		}
		return NUMBER_IN_TEXT.matcher(text).replaceAll(found -> mask(found.group()));
	}

	/**
	 * Message content is personal data too: logs show only how long it is.
	 */
	public static String describeContent(String content) {
		return content == null ? "null" : "(" + content.codePointCount(0, content.length()) + " characters)";
	}

}
