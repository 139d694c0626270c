/**
 * The queue gauges and the logging context (run and message ids) carried to the send
 * threads.
 */
package io.messagedispatch.observability;
