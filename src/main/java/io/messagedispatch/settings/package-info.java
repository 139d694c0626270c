/**
 * Startup failures that name the wrong setting, and the masking of credentials in URIs.
 */
package io.messagedispatch.settings;
