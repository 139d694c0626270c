/**
 * Who may call the API: the operator token and the client keys that guard it, and who the
 * caller of a request is ({@link io.messagedispatch.security.Caller}).
 */
package io.messagedispatch.security;
