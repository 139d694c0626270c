package io.messagedispatch.observability;

import java.net.ServerSocket;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What probes and operators read: liveness, readiness with its stores, and build info.
 * Redis only caches receipts, so without it the service is degraded but keeps its
 * traffic.
 */
class HealthEndpointsTests {

	@Nested
	@SpringBootTest(properties = "messaging.processor.initial-delay=1h")
	@AutoConfigureMockMvc
	class Healthy {

		@Autowired
		private MockMvcTester mvc;

		@Test
		void probesAreUpWithMongoAndRedisInReadiness() {
			assertThat(this.mvc.get().uri("/actuator/health/liveness")).hasStatusOk()
				.bodyJson()
				.extractingPath("$.status")
				.isEqualTo("UP");
			assertThat(this.mvc.get().uri("/actuator/health/readiness")).hasStatusOk().bodyJson().satisfies(json -> {
				assertThat(json).extractingPath("$.status").isEqualTo("UP");
				assertThat(json).extractingPath("$.components.mongo.status").isEqualTo("UP");
				assertThat(json).extractingPath("$.components.redis.status").isEqualTo("UP");
				assertThat(json).extractingPath("$.components.readinessState.status").isEqualTo("UP");
			});
		}

		@Test
		void infoNamesTheBuild() {
			assertThat(this.mvc.get().uri("/actuator/info")).hasStatusOk().bodyJson().satisfies(json -> {
				assertThat(json).extractingPath("$.build.artifact").isEqualTo("message-dispatch");
				assertThat(json).extractingPath("$.build.version").isNotNull();
				assertThat(json).extractingPath("$.java.version").isNotNull();
			});
		}

	}

	@Nested
	@SpringBootTest(properties = "messaging.processor.initial-delay=1h")
	@AutoConfigureMockMvc
	class RedisDown {

		@Autowired
		private MockMvcTester mvc;

		@DynamicPropertySource
		static void unreachableRedis(DynamicPropertyRegistry registry) throws Exception {
			try (ServerSocket socket = new ServerSocket(0)) {
				int closed = socket.getLocalPort();
				registry.add("messaging.store.redis-url", () -> "redis://127.0.0.1:" + closed);
			}
		}

		@Test
		void readinessIsDegradedButStillServesTraffic() {
			assertThat(this.mvc.get().uri("/actuator/health/readiness")).hasStatus(HttpStatus.OK)
				.bodyJson()
				.satisfies(json -> {
					assertThat(json).extractingPath("$.status").isEqualTo("DEGRADED");
					assertThat(json).extractingPath("$.components.redis.status").isEqualTo("DEGRADED");
					assertThat(json).extractingPath("$.components.mongo.status").isEqualTo("UP");
				});
			assertThat(this.mvc.get().uri("/actuator/health/liveness")).hasStatusOk();
			assertThat(this.mvc.get().uri("/actuator/health")).hasStatus(HttpStatus.OK)
				.bodyJson()
				.extractingPath("$.status")
				.isEqualTo("DEGRADED");
		}

	}

}
