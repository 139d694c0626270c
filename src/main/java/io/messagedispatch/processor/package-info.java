/**
 * The operators' API: start, stop, status and the sent messages, and in dev the test
 * messages for the built-in mock provider.
 */
package io.messagedispatch.processor;
