package io.messagedispatch.queue;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import io.messagedispatch.message.mongo.MessageCollection;
import io.messagedispatch.queue.imported.ImportedDocuments;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Adopts documents written into the queue by other tools (see {@link ImportedDocuments}),
 * so that what they wrote is sent or failed with a reason, never stuck and never stalling
 * the queue.
 */
@Component
public class ImportedMessages {

	private static final Logger log = LoggerFactory.getLogger(ImportedMessages.class);

	private final MessageCollection collection;

	private final Clock clock;

	public ImportedMessages(MessageCollection collection, Clock clock) {
		this.collection = collection;
		this.clock = clock;
	}

	/**
	 * Normalises each nonconforming document into a message the queue can claim, or fails
	 * it with the reason. Returns how many were adopted; at most {@code limit} per call.
	 * Claims whose lease ends before {@code leaseHorizon} are live and left to their
	 * runner.
	 */
	public int adopt(int limit, Instant leaseHorizon) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		List<Document> foreign = this.collection.documents()
			.find(ImportedDocuments.nonconforming(leaseHorizon))
			.limit(limit)
			.into(new ArrayList<>());
		if (foreign.isEmpty()) {
			return 0;
		}
		List<WriteModel<Document>> updates = new ArrayList<>(foreign.size());
		for (Document document : foreign) {
			Bson adoption = ImportedDocuments.adopt(document, now, leaseHorizon);
			if (adoption != null) {
				updates.add(new UpdateOneModel<>(ImportedDocuments.asRead(document), adoption));
			}
		}
		if (updates.isEmpty()) {
			return 0;
		}
		int adopted = this.collection.bulkWrite(updates).modified();
		log.info("Adopted {} of {} message(s) written by another tool", adopted, foreign.size());
		return adopted;
	}

}
