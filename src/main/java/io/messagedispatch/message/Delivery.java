package io.messagedispatch.message;

import java.time.Instant;

/**
 * What the provider last reported of a sent message's delivery to the phone: apart from
 * the message's {@code status}, which stays {@code sent}.
 *
 * @param status as the provider reported it: {@code delivered}, {@code undelivered} or
 * {@code failed}
 * @param at when it happened, by the provider's report; a report about an earlier time
 * never replaces this one
 * @param errorCode the provider's reason, when it gave one
 */
public record Delivery(String status, Instant at, String errorCode) {
}
