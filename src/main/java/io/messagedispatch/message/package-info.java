/**
 * The message: its model and rules, its ids, and the reads and requeue that clients and
 * operators use.
 */
package io.messagedispatch.message;
