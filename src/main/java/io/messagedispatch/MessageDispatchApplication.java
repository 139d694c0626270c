package io.messagedispatch;

import java.time.Clock;
import java.util.Map;

import io.messagedispatch.dispatch.CronRun;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * Entry point: keeps a MongoDB queue of outbound messages and dispatches them to the
 * webhook provider on a schedule, or, with {@code --run-once} or {@code --drain}, runs
 * dispatch once without a web server and exits (cron mode).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MessageDispatchApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(MessageDispatchApplication.class);
		if (CronRun.isRequested(args)) {
			application.setWebApplicationType(WebApplicationType.NONE);
			application.setDefaultProperties(Map.of("messaging.processor.schedule", "false"));
			System.exit(SpringApplication.exit(application.run(args)));
		}
		application.run(args);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
