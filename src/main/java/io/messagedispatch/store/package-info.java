/**
 * Where MongoDB and Redis are: configured URIs, or embedded servers in dev; MongoDB
 * health.
 */
package io.messagedispatch.store;
