package io.messagedispatch.web;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;

/**
 * What a {@code @WebMvcTest} of the API needs besides the slice. The slice takes the
 * request size filter (a {@code Filter} component) but leaves out the
 * {@code @ConfigurationProperties} classes that {@code @ConfigurationPropertiesScan}
 * finds, so the filter's {@link WebProperties} are bound here, from the same settings as
 * in the application.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebProperties.class)
public class WebSlice {

}
