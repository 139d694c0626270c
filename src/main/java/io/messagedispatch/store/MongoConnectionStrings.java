package io.messagedispatch.store;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.mongodb.ConnectionString;
import com.mongodb.MongoCredential;
import com.mongodb.MongoNamespace;
import io.messagedispatch.settings.InvalidSettingException;
import io.messagedispatch.settings.UriCredentials;

/**
 * The MongoDB connection string handed to Boot, with the service's database written into
 * it. Boot's MongoDB auto-configuration uses {@code spring.mongodb.database} when it is
 * set and otherwise the database of the connection details' connection string, so the
 * database chosen here (MONGODB_DATABASE, else the URI's, else
 * {@value StoreProperties#DEFAULT_DATABASE}) is the one used, and the connection string
 * tells every reader the same. A malformed URI is reported without its password: the
 * driver's own messages are not shown unless they come from a parse that never saw it.
 */
final class MongoConnectionStrings {

	static final String URI_SETTING = "messaging.store.mongodb-uri (MONGODB_URI)";

	static final String DATABASE_SETTING = "messaging.store.mongodb-database (MONGODB_DATABASE)";

	private static final String SRV_PREFIX = "mongodb+srv://";

	private static final String PREFIX = "mongodb://";

	private MongoConnectionStrings() {
	}

	/**
	 * Parses a configured URI. When the driver refuses it, the URI is parsed again with
	 * its password masked, so that the reason shown comes from a parse that never saw the
	 * password.
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

	/**
	 * The database to use: {@code override} (MONGODB_DATABASE) when it is not blank, else
	 * the one the connection string names, else
	 * {@value StoreProperties#DEFAULT_DATABASE}.
	 */
	static String database(ConnectionString connectionString, String override) {
		if (override != null && !override.isBlank()) {
			String database = override.strip();
			try {
				MongoNamespace.checkDatabaseNameValidity(database);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidSettingException(DATABASE_SETTING,
						"is not a valid MongoDB database name: " + ex.getMessage());
			}
			return database;
		}
		return (connectionString.getDatabase() != null) ? connectionString.getDatabase()
				: StoreProperties.DEFAULT_DATABASE;
	}

	/**
	 * The connection string with {@code database} as its database. Credentials keep
	 * authenticating where they did: without an {@code authSource} option the driver
	 * authenticates against the URI's database (or {@code admin}), so the source it
	 * worked out is written into the options before the database changes.
	 */
	static ConnectionString withDatabase(ConnectionString connectionString, String database) {
		if (database.equals(connectionString.getDatabase())) {
			return connectionString;
		}
		String uri = connectionString.getConnectionString();
		String prefix = uri.startsWith(SRV_PREFIX) ? SRV_PREFIX : PREFIX;
		String rest = uri.substring(prefix.length());
		// split as the driver does: the hosts end at the first '/' or '?', the options
		// start after the next '?'
		int slash = rest.indexOf('/');
		int question = rest.indexOf('?');
		int hostsEnd = (slash < 0) ? question : ((question < 0) ? slash : Math.min(slash, question));
		String hosts = (hostsEnd < 0) ? rest : rest.substring(0, hostsEnd);
		String options = (question < 0) ? "" : rest.substring(question + 1);
		MongoCredential credential = connectionString.getCredential();
		if (credential != null && credential.getSource() != null && !hasOption(options, "authsource")) {
			options = (options.isEmpty() ? "" : options + "&") + "authSource=" + encode(credential.getSource());
		}
		String rewritten = prefix + hosts + "/" + encode(database) + (options.isEmpty() ? "" : "?" + options);
		try {
			return new ConnectionString(rewritten);
		}
		catch (IllegalArgumentException ex) {
			// the URI parsed before, so only the database can be at fault; the driver's
			// message may quote the password
			throw new InvalidSettingException(DATABASE_SETTING, "cannot be used with " + URI_SETTING);
		}
	}

	private static boolean hasOption(String options, String name) {
		for (String option : options.split("[&;]")) {
			int equals = option.indexOf('=');
			String key = (equals < 0) ? option : option.substring(0, equals);
			if (key.toLowerCase(Locale.ROOT).equals(name)) {
				return true;
			}
		}
		return false;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
