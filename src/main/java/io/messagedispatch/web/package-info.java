/**
 * The API's one error body, its query limits and its request size limit.
 */
package io.messagedispatch.web;
