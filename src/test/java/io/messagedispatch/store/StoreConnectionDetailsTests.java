package io.messagedispatch.store;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.MongoDatabaseFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Boot's auto-configuration makes of the store settings: the MongoDB database it opens. Nothing here needs a
 * running store.
 */
class StoreConnectionDetailsTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class, DataMongoAutoConfiguration.class))
		.withUserConfiguration(Stores.class)
		.withPropertyValues("messaging.store.mongodb-uri=mongodb://127.0.0.1:1",
				"messaging.store.redis-url=redis://127.0.0.1:1");

	@Test
	void mongoUsesTheDatabaseNamedInTheUri() {
		this.contexts.withPropertyValues("messaging.store.mongodb-uri=mongodb://127.0.0.1:1/messaging")
			.run(context -> assertThat(database(context.getBean(MongoDatabaseFactory.class))).isEqualTo("messaging"));
	}

	@Test
	void mongoUsesMessageWhenTheUriNamesNoDatabase() {
		this.contexts.run(context -> assertThat(database(context.getBean(MongoDatabaseFactory.class)))
			.isEqualTo("message"));
	}

	@Test
	void theDatabaseSettingOverridesTheUriOnlyWhenNotBlank() {
		this.contexts
			.withPropertyValues("messaging.store.mongodb-uri=mongodb://127.0.0.1:1/messaging",
					"messaging.store.mongodb-database=audit")
			.run(context -> assertThat(database(context.getBean(MongoDatabaseFactory.class))).isEqualTo("audit"));
		this.contexts
			.withPropertyValues("messaging.store.mongodb-uri=mongodb://127.0.0.1:1/messaging",
					"messaging.store.mongodb-database=")
			.run(context -> assertThat(database(context.getBean(MongoDatabaseFactory.class))).isEqualTo("messaging"));
	}

	@Test
	void bootsOwnDatabasePropertyStillWinsWhenSet() {
		this.contexts
			.withPropertyValues("messaging.store.mongodb-uri=mongodb://127.0.0.1:1/messaging",
					"spring.mongodb.database=bench")
			.run(context -> assertThat(database(context.getBean(MongoDatabaseFactory.class))).isEqualTo("bench"));
	}

	private static String database(MongoDatabaseFactory factory) {
		return factory.getMongoDatabase().getName();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(StoreProperties.class)
	@Import(StoreConfiguration.class)
	static class Stores {

	}

}
