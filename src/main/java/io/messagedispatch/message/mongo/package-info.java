/**
 * How messages are kept in MongoDB: the collection, its indexes (the TTL index on
 * {@code settledAt} among them) and the document mapping, shared with the queue; and the
 * idempotency keys' collection, shared with the retention sweep.
 */
@NamedInterface("mongo")
package io.messagedispatch.message.mongo;

import org.springframework.modulith.NamedInterface;
