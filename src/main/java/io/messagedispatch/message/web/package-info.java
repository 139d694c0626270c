/**
 * The message API: intake with idempotency keys, lookup and requeue.
 */
package io.messagedispatch.message.web;
