package io.messagedispatch;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * Entry point: keeps a MongoDB queue of outbound messages and dispatches them to the webhook provider on a schedule.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MessageDispatchApplication {

	public static void main(String[] args) {
		SpringApplication.run(MessageDispatchApplication.class, args);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
