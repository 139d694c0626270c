package io.messagedispatch.settings;

/**
 * A setting that cannot work, named so that the operator can fix it from the one line the
 * startup failure prints.
 */
public class InvalidSettingException extends RuntimeException {

	private final String setting;

	private final String reason;

	public InvalidSettingException(String setting, String reason) {
		super("Invalid setting " + setting + ": " + reason);
		this.setting = setting;
		this.reason = reason;
	}

	public String setting() {
		return this.setting;
	}

	public String reason() {
		return this.reason;
	}

}
