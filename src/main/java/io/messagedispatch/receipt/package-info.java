/**
 * Receipts of sent messages, cached in Redis, and the cache's health.
 */
package io.messagedispatch.receipt;
