/**
 * What every endpoint of the OpenAPI document shares: the error bodies and the bearer
 * token scheme.
 */
package io.messagedispatch.apidocs;
