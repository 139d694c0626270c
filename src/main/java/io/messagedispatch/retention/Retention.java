package io.messagedispatch.retention;

import io.messagedispatch.delivery.UnmatchedReportCollection;
import io.messagedispatch.message.mongo.IdempotencyKeyCollection;
import io.messagedispatch.message.mongo.MessageCollection;
import io.messagedispatch.settings.InvalidSettingException;
import io.messagedispatch.throughput.ThroughputCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Puts the retention in force at startup: the TTL index on the messages'
 * {@code settledAt} follows {@code messaging.retention.settled} (created, changed, or
 * dropped when settled messages are kept forever), and says which retention is in force
 * and what deletes: TTL indexes only when every collection has its own (idempotency keys,
 * unmatched delivery reports and the throughput counters make theirs where they are
 * kept).
 */
@Component
public class Retention {

	private static final Logger log = LoggerFactory.getLogger(Retention.class);

	private final RetentionPolicy policy;

	Retention(MessageCollection messages, IdempotencyKeyCollection keys, UnmatchedReportCollection reports,
			ThroughputCollection throughput, RetentionProperties properties) {
		if (!properties.keepsSettledForever() && properties.settled().toSeconds() < 1) {
			throw new InvalidSettingException("messaging.retention.settled",
					"must be 0 (keep settled messages forever) or at least 1s");
		}
		boolean settledIndexed = messages.expireSettledAfter(properties.settled());
		boolean ttlDeletes = !messages.isMongoJavaServer() && keys.expiring() && reports.expiring()
				&& throughput.expiring() && (properties.keepsSettledForever() || settledIndexed);
		this.policy = new RetentionPolicy(properties.keepsSettledForever() ? null : properties.settled(),
				keys.retention(), reports.retention(), ThroughputCollection.RETENTION,
				ttlDeletes ? RetentionPolicy.Deleter.TTL_INDEX : RetentionPolicy.Deleter.SWEEP,
				properties.sweepInterval());
		log.info(
				"Retention: settled messages {}, idempotency keys {}, unmatched delivery reports {}, throughput"
						+ " counters {}, deleted by {}",
				properties.keepsSettledForever() ? "kept forever" : "kept " + properties.settled(), keys.retention(),
				reports.retention(), ThroughputCollection.RETENTION,
				ttlDeletes ? "TTL indexes and the sweep" : "the sweep every " + properties.sweepInterval());
	}

	/** The retention in force. */
	public RetentionPolicy policy() {
		return this.policy;
	}

}
