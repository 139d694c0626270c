package io.messagedispatch.message;

/**
 * What one bulk requeue did, or in a dry run would do.
 *
 * @param requeued how many failed messages it put back in the queue (in a dry run: would
 * put back); at most {@link Messages#REQUEUE_LIMIT}
 * @param remaining how many more match the filter after it: the next call's work
 */
public record Requeued(long requeued, long remaining) {
}
