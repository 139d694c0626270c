/**
 * The operators' API: start, stop, status and the sent messages.
 */
package io.messagedispatch.processor;
