/**
 * Delivery reports: what the provider reports back of each sent message's delivery to the
 * phone, recorded on the message apart from its status, kept until the message's send is
 * recorded when the report comes first, and counted for operators.
 */
package io.messagedispatch.delivery;
