/**
 * How messages are kept in MongoDB: the collection, its indexes and the document mapping,
 * shared with the queue.
 */
@NamedInterface("mongo")
package io.messagedispatch.message.mongo;

import org.springframework.modulith.NamedInterface;
