/**
 * The operators' dashboard: a page of plain HTML, CSS and JavaScript served by the
 * service itself ({@code static/dashboard/}), which reads and operates the API from the
 * browser. The page holds nothing secret, so it loads without a token; every call it
 * makes is the API's, guarded as any other.
 */
package io.messagedispatch.dashboard;
