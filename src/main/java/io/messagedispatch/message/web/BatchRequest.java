package io.messagedispatch.message.web;

import java.util.List;

/**
 * Several messages accepted together: all of them are validated before any is stored.
 */
record BatchRequest(List<MessageRequest> messages) {
}
