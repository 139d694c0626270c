/**
 * What makes a document written by another tool a message the queue can work with.
 */
package io.messagedispatch.queue.imported;
