/**
 * What every endpoint of the OpenAPI document shares: the error bodies and the operator
 * token scheme.
 */
package io.messagedispatch.apidocs;
