package io.messagedispatch.store;

import com.mongodb.ConnectionString;
import io.messagedispatch.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Which database the connection string handed to Boot names, and that credentials keep
 * their authentication database when it changes.
 */
class MongoConnectionStringsTests {

	@Test
	void theDatabaseNamedInTheUriIsKept() {
		ConnectionString uri = new ConnectionString("mongodb://db.internal:27017/messaging?replicaSet=rs0");

		ConnectionString chosen = chosen(uri, null);

		assertThat(chosen.getDatabase()).isEqualTo("messaging");
		assertThat(chosen.getConnectionString()).isEqualTo(uri.getConnectionString());
	}

	@Test
	void withoutADatabaseInTheUriItIsMessage() {
		assertThat(chosen(new ConnectionString("mongodb://127.0.0.1:27017"), null).getDatabase()).isEqualTo("message");
		assertThat(chosen(new ConnectionString("mongodb://127.0.0.1:27017/"), null).getDatabase()).isEqualTo("message");
	}

	@Test
	void aDatabaseSettingOverridesTheUriUnlessBlank() {
		ConnectionString uri = new ConnectionString("mongodb://db.internal/messaging");

		assertThat(chosen(uri, "audit").getDatabase()).isEqualTo("audit");
		assertThat(chosen(uri, " audit ").getDatabase()).isEqualTo("audit");
		assertThat(chosen(uri, "").getDatabase()).isEqualTo("messaging");
		assertThat(chosen(uri, "   ").getDatabase()).isEqualTo("messaging");
		assertThat(chosen(new ConnectionString("mongodb://db.internal"), "").getDatabase()).isEqualTo("message");
	}

	@Test
	void optionsAndHostsSurviveADatabaseChange() {
		ConnectionString chosen = chosen(
				new ConnectionString("mongodb://a.internal:27017,b.internal:27018/?replicaSet=rs0&w=majority"),
				"audit");

		assertThat(chosen.getDatabase()).isEqualTo("audit");
		assertThat(chosen.getHosts()).containsExactly("a.internal:27017", "b.internal:27018");
		assertThat(chosen.getRequiredReplicaSetName()).isEqualTo("rs0");
		assertThat(chosen.getWriteConcern().getWString()).isEqualTo("majority");
		assertThat(chosen(new ConnectionString("mongodb://a.internal?replicaSet=rs0"), null)).satisfies(noSlash -> {
			assertThat(noSlash.getDatabase()).isEqualTo("message");
			assertThat(noSlash.getRequiredReplicaSetName()).isEqualTo("rs0");
		});
	}

	@Test
	void credentialsKeepAuthenticatingWhereTheUriSaid() {
		ConnectionString noDatabase = chosen(new ConnectionString("mongodb://app:p%40ss@db.internal"), null);
		assertThat(noDatabase.getDatabase()).isEqualTo("message");
		assertThat(noDatabase.getCredential().getSource()).as("the driver's default without a database")
			.isEqualTo("admin");
		assertThat(noDatabase.getCredential().getUserName()).isEqualTo("app");
		assertThat(noDatabase.getCredential().getPassword()).containsExactly("p@ss".toCharArray());

		ConnectionString overridden = chosen(new ConnectionString("mongodb://app:pw@db.internal/messaging"), "audit");
		assertThat(overridden.getDatabase()).isEqualTo("audit");
		assertThat(overridden.getCredential().getSource()).as("the URI's database").isEqualTo("messaging");

		ConnectionString explicit = chosen(new ConnectionString("mongodb://app:pw@db.internal/?authSource=users"),
				null);
		assertThat(explicit.getCredential().getSource()).isEqualTo("users");
		assertThat(explicit.getConnectionString()).containsOnlyOnce("authSource");
	}

	@Test
	void anInvalidDatabaseNameIsNamed() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> chosen(new ConnectionString("mongodb://db.internal"), "my.db"))
			.withMessageStartingWith(
					"Invalid setting messaging.store.mongodb-database (MONGODB_DATABASE): is not a valid MongoDB"
							+ " database name");
	}

	private static ConnectionString chosen(ConnectionString uri, String override) {
		return MongoConnectionStrings.withDatabase(uri, MongoConnectionStrings.database(uri, override));
	}

}
