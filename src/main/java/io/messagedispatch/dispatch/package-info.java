/**
 * The dispatch of queued messages: the processor switch, the runs and their schedule, as
 * operators see them.
 */
package io.messagedispatch.dispatch;
