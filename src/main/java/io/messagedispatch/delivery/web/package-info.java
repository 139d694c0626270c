/**
 * {@code POST /provider/delivery-reports}: the provider's reports, authenticated as the
 * provider's and read strictly.
 */
package io.messagedispatch.delivery.web;
