/**
 * The refusals of the message API, each named as a fact and carrying its status.
 */
package io.messagedispatch.message.web.refusals;
