package io.messagedispatch.store;

import com.mongodb.ConnectionString;
import io.messagedispatch.settings.InvalidSettingException;
import io.messagedispatch.settings.UriCredentials;

/**
 * The MongoDB connection string handed to Boot. A malformed URI is reported without its password: the driver's own
 * messages are not shown unless they come from a parse that never saw it.
 */
final class MongoConnectionStrings {

	static final String URI_SETTING = "messaging.store.mongodb-uri (MONGODB_URI)";

	private MongoConnectionStrings() {
	}

	/**
	 * Parses a configured URI. When the driver refuses it, the URI is parsed again with its password masked, so that
	 * the reason shown comes from a parse that never saw the password.
	 */
	static ConnectionString parse(String uri) {
		try {
			return new ConnectionString(uri);
		}
		catch (IllegalArgumentException ex) {
			String shown = UriCredentials.mask(uri);
			String reason;
			try {
				new ConnectionString(shown);
				reason = "the user name or password is not valid; characters such as @ : / % in them must be"
						+ " percent-encoded";
			}
			catch (IllegalArgumentException masked) {
				reason = masked.getMessage();
			}
			throw new InvalidSettingException(URI_SETTING,
					"is not a MongoDB connection string (" + shown + "): " + reason);
		}
	}

}
