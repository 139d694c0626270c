/**
 * The webhook provider: the client that POSTs a message, its circuit breaker and its
 * settings.
 */
package io.messagedispatch.provider;
