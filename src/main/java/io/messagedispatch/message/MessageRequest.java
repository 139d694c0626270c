package io.messagedispatch.message;

/**
 * A message a client asks to send.
 */
record MessageRequest(String phoneNumber, String content) {
}
