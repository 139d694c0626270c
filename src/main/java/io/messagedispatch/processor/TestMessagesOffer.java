package io.messagedispatch.processor;

/**
 * What {@code GET /processor/test-messages} answers where test messages can be sent: its
 * answer at all tells the dashboard to show its form.
 *
 * @param maxCount the most test messages one request enqueues
 */
record TestMessagesOffer(int maxCount) {
}
