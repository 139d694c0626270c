/**
 * How delivery reports are stored: on the message the provider's id names, by a
 * conditional update, and apart while no message is known under that id.
 */
package io.messagedispatch.delivery.store;
