package io.messagedispatch.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what the API accepts.
 *
 * @param maxRequestSize the largest request body; a batch of 1,000 full messages fits in
 * the default
 */
@Validated
@ConfigurationProperties("messaging.web")
record WebProperties(@DefaultValue("1MB") DataSize maxRequestSize) {
}
