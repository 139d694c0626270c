/**
 * The built-in stand-in provider for dev runs and tests.
 */
package io.messagedispatch.provider.mock;
