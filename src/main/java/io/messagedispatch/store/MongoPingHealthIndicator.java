package io.messagedispatch.store;

import org.bson.Document;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * MongoDB health as a {@code ping} on the service's own database: the cheapest command
 * every MongoDB (and the embedded mongo-java-server) answers, needing no privilege beyond
 * the database the service already uses. Its bean name replaces Boot's indicator, which
 * lists every database and asks {@code hello}, which the embedded server does not know.
 */
@Component("mongoHealthIndicator")
class MongoPingHealthIndicator extends AbstractHealthIndicator {

	private final MongoTemplate mongo;

	MongoPingHealthIndicator(MongoTemplate mongo) {
		super("MongoDB health check failed");
		this.mongo = mongo;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		this.mongo.getDb().runCommand(new Document("ping", 1));
		builder.up();
	}

}
