/**
 * The cluster-wide lock that lets one instance dispatch at a time, renewed while a run
 * lasts.
 */
package io.messagedispatch.dispatch.lock;
