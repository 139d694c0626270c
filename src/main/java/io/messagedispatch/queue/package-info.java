/**
 * The queue side of the messages: claims, outcomes, leases and the adoption of documents
 * other tools wrote.
 */
package io.messagedispatch.queue;
