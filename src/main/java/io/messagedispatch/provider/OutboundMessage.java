package io.messagedispatch.provider;

/**
 * What is POSTed for one message; {@code idempotencyKey} is the message id, the same on every attempt.
 */
public record OutboundMessage(String idempotencyKey, String to, String content) {
}
