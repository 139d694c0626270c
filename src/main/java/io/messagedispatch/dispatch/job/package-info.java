/**
 * The Spring Batch job of one run: the reader that claims, the processor that POSTs, the
 * writer that records.
 */
package io.messagedispatch.dispatch.job;
