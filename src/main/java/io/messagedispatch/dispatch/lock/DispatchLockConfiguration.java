package io.messagedispatch.dispatch.lock;

import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.mongo.MongoLockProvider;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * ShedLock with its MongoDB provider (collection {@code shedlock}): one dispatch run at a
 * time across every instance and every cron run that shares the database.
 */
@Configuration(proxyBeanMethods = false)
class DispatchLockConfiguration {

	static final String COLLECTION = "shedlock";

	@Bean
	LockProvider lockProvider(MongoTemplate mongo) {
		return new MongoLockProvider(mongo.getCollection(COLLECTION));
	}

}
