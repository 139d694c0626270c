package io.messagedispatch.store.embedded;

import java.util.List;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.bson.Document;

/**
 * What {@link IndexCounts} needs of a collection of either backend: its indexes, its
 * documents by position and the server's own matching.
 */
interface OrderedCollection<P> {

	List<Index<P>> getIndexes();

	/** The document at a position, or null when it is gone. */
	Document read(P position);

	/** Whether the server's query matching takes the document. */
	boolean matches(Document document, Document query);

	/** How many documents the collection holds. */
	long documentCount();

}
