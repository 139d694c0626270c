package io.messagedispatch.apidocs;

import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document describes every endpoint the service serves, each with a summary
 * and examples of what it takes and what it answers, errors included.
 */
@SpringBootTest(properties = "messaging.processor.initial-delay=1h")
@AutoConfigureMockMvc
class ApiDocsTests {

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private RequestMappingHandlerMapping requestMappingHandlerMapping;

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void everyEndpointIsDocumentedWithExamples() {
		JsonNode spec = this.json.readTree(body("/v3/api-docs"));
		List<String> endpoints = new ArrayList<>();
		this.requestMappingHandlerMapping.getHandlerMethods().forEach((info, handler) -> {
			if (handler.getBeanType().getPackageName().startsWith("io.messagedispatch")) {
				info.getPatternValues()
					.forEach(path -> info.getMethodsCondition()
						.getMethods()
						.forEach(method -> endpoints.add(method.name().toLowerCase(Locale.ROOT) + " " + path)));
			}
		});

		assertThat(endpoints).hasSizeGreaterThanOrEqualTo(9);
		for (String endpoint : endpoints) {
			String[] parts = endpoint.split(" ");
			JsonNode operation = spec.path("paths").path(parts[1]).path(parts[0]);
			assertThat(operation.isMissingNode()).as(endpoint + " is documented").isFalse();
			assertThat(operation.path("summary").asString()).as(endpoint + " summary").isNotBlank();
			if (operation.has("requestBody")) {
				assertThat(hasExamples(operation.path("requestBody"), spec)).as(endpoint + " request example").isTrue();
			}
			List<String> statuses = new ArrayList<>();
			operation.path("responses").properties().forEach(response -> {
				statuses.add(response.getKey());
				assertThat(hasExamples(response.getValue(), spec))
					.as(endpoint + " " + response.getKey() + " response example")
					.isTrue();
			});
			assertThat(statuses).as(endpoint + " success").anyMatch(status -> status.startsWith("2"));
			assertThat(statuses).as(endpoint + " errors").anyMatch(status -> status.startsWith("4"));
		}
	}

	@Test
	void guardedEndpointsNameTheOperatorToken() {
		JsonNode spec = this.json.readTree(body("/v3/api-docs"));

		assertThat(spec.at("/components/securitySchemes/operatorToken/scheme").asString()).isEqualTo("bearer");
		assertThat(spec.at("/paths/~1processor~1start/post/security/0").has("operatorToken")).isTrue();
		assertThat(spec.at("/paths/~1messages/post/responses/401/$ref").asString())
			.isEqualTo("#/components/responses/Unauthorized");
		assertThat(spec.at("/paths/~1mock-provider~1messages/post/security").isMissingNode()).isTrue();
	}

	@Test
	void theOperatorsCallsSayThatAClientKeyIsRefused() {
		JsonNode spec = this.json.readTree(body("/v3/api-docs"));

		assertThat(spec.at("/components/securitySchemes/operatorToken/description").asString()).contains("CLIENT_KEYS");
		for (String operation : List.of("/paths/~1processor~1start/post", "/paths/~1processor~1stop/post",
				"/paths/~1processor~1status/get", "/paths/~1messages~1{id}~1requeue/post",
				"/paths/~1messages~1requeue/post", "/paths/~1messages~1cancel/post")) {
			assertThat(spec.at(operation + "/responses/403/$ref").asString()).as(operation)
				.isEqualTo("#/components/responses/Forbidden");
		}
		assertThat(spec.at("/paths/~1messages/post/responses/403").isMissingNode()).isTrue();
		assertThat(spec
			.at("/components/responses/Forbidden/content/application~1problem+json/examples/Forbidden/value/error")
			.asString()).isEqualTo("this call is for the operator only");
	}

	@Test
	void theClustersThroughputBehindTheDashboardChartIsDocumented() {
		JsonNode spec = this.json.readTree(body("/v3/api-docs"));
		JsonNode throughput = spec.at("/paths/~1processor~1throughput/get");

		assertThat(throughput.path("parameters").findValuesAsString("name")).containsExactly("minutes");
		assertThat(throughput.at("/parameters/0/schema/maximum").asInt()).isEqualTo(1440);
		assertThat(throughput.at("/security/0").has("operatorToken")).isTrue();
		assertThat(throughput.at("/responses/403/$ref").asString()).isEqualTo("#/components/responses/Forbidden");
		assertThat(throughput.at("/responses/200/content/application~1json/examples/three minutes/value/0/minute")
			.asString()).isEqualTo("2026-05-01T12:00:00Z");
	}

	@Test
	void swaggerUiIsServed() {
		assertThat(this.mvc.get().uri("/swagger-ui.html")).hasStatus3xxRedirection();
		assertThat(this.mvc.get().uri("/swagger-ui/index.html")).hasStatusOk();
	}

	private static boolean hasExamples(JsonNode node, JsonNode spec) {
		JsonNode resolved = node.has("$ref") ? spec.at(node.path("$ref").asString().substring(1)) : node;
		JsonNode content = resolved.path("content");
		if (content.isEmpty()) {
			return false;
		}
		for (JsonNode media : content) {
			if (!media.has("example") && media.path("examples").isEmpty()) {
				return false;
			}
		}
		return true;
	}

	private String body(String uri) {
		var result = this.mvc.get().uri(uri).exchange();
		assertThat(result).hasStatus(HttpStatus.OK);
		try {
			return result.getResponse().getContentAsString();
		}
		catch (UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
