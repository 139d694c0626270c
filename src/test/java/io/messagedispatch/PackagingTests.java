package io.messagedispatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Docker Compose stack runs the service as production does: prod mode, wired to
 * MongoDB 7 and Redis 7 (which it waits for until they are healthy), with an operator
 * token, and with nothing published beyond loopback. CI checks that the file is valid
 * Compose; this checks what it means.
 */
class PackagingTests {

	private final Map<String, Map<String, Object>> services = services();

	@Test
	void theServiceRunsInProdModeWiredToTheStoresAndTheProviderStub() {
		Map<String, Object> app = this.services.get("app");
		Map<String, Object> environment = map(app.get("environment"));

		assertThat(environment).containsEntry("APP_ENV", "prod")
			.containsEntry("MONGODB_URI", "mongodb://mongo:27017/message")
			.containsEntry("REDIS_URL", "redis://redis:6379/0")
			.containsEntry("WEBHOOK_URL", "http://provider:8080/messages")
			.containsKeys("WEBHOOK_AUTH_KEY", "OPERATOR_TOKEN");
		assertThat((String) environment.get("OPERATOR_TOKEN")).startsWith("${OPERATOR_TOKEN:-");
		assertThat(map(app.get("depends_on"))).containsEntry("mongo", Map.of("condition", "service_healthy"))
			.containsEntry("redis", Map.of("condition", "service_healthy"))
			.containsKey("provider");
	}

	@Test
	void theStoresAreVersionSevenHealthCheckedAndRedisKeepsAnAppendOnlyFile() {
		assertThat(this.services.get("mongo")).containsEntry("image", "mongo:7").containsKey("healthcheck");
		assertThat(this.services.get("redis")).containsEntry("image", "redis:7")
			.containsKey("healthcheck")
			.containsEntry("command", List.of("redis-server", "--appendonly", "yes"));
	}

	@Test
	void publishedPortsAreOnLoopbackOnly() {
		this.services.forEach((name, service) -> {
			Object ports = service.get("ports");
			if (ports != null) {
				assertThat((List<?>) ports).as(name)
					.allSatisfy(port -> assertThat(port.toString()).startsWith("127.0.0.1:"));
			}
		});
	}

	@Test
	void theProviderStubExpectsTheAuthKeyTheServiceSends() throws IOException {
		String auth = (String) map(this.services.get("app").get("environment")).get("WEBHOOK_AUTH_KEY");

		assertThat(Files.readString(Path.of("docker/provider/mappings/messages.json"))).contains("\"" + auth + "\"");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Map<String, Object>> services() {
		try {
			Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
			return (Map<String, Map<String, Object>>) compose.get("services");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

}
