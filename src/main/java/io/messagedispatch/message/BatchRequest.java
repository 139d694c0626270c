package io.messagedispatch.message;

import java.util.List;

/**
 * Several messages accepted together: all of them are validated before any is stored.
 */
record BatchRequest(List<MessageRequest> messages) {
}
