/**
 * The HTTP exchange with the provider: targets, signatures, rate limiting, deadlines and
 * capped bodies.
 */
package io.messagedispatch.provider.http;
