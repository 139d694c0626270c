package io.messagedispatch.message.web;

import java.util.List;

/**
 * The ids of the messages a batch request stored, in the order they were given.
 */
record BatchAccepted(int count, List<String> ids) {
}
