/**
 * The operator token that guards the API.
 */
package io.messagedispatch.security;
