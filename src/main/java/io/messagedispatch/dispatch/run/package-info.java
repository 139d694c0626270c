/**
 * Starting runs: the schedule, the runner under the lock, shutdown, the run history,
 * timings and metrics.
 */
package io.messagedispatch.dispatch.run;
