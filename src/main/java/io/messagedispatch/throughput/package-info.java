/**
 * The cluster's throughput: how many messages every instance sent, retried and gave up
 * on, added up per minute in MongoDB ({@code throughput}, kept 24 hours), and
 * {@code GET /processor/throughput}, which reads them back for the operators' chart.
 */
package io.messagedispatch.throughput;
