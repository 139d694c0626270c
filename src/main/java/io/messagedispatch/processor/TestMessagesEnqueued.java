package io.messagedispatch.processor;

import java.util.List;

/**
 * What {@code POST /processor/test-messages} enqueued.
 *
 * @param enqueued how many test messages
 * @param meantToFail how many of them the mock provider will refuse
 * @param ids their ids, in the order they were made
 */
record TestMessagesEnqueued(int enqueued, int meantToFail, List<String> ids) {
}
