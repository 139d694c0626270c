package io.messagedispatch.apidocs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.messagedispatch.security.ApiAccessConfiguration;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The parts of the OpenAPI description that every endpoint shares: the service's summary,
 * the bearer token scheme (operator token or client key), and the one error body with an
 * example per status. Each feature describes its own endpoints next to its controller (an
 * {@code ...Api} interface the controller implements) and refers to these errors by name,
 * so that an error's shape is written once. Guarded paths get the token requirement and
 * its 401 here, from the same list the token filter guards.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String OPERATOR_TOKEN = "operatorToken";

	private static final String PROBLEM_JSON = "application/problem+json";

	private static final String PROBLEM = "Problem";

	private static final String RESPONSES = "#/components/responses/";

	@Bean
	OpenAPI messageDispatchOpenApi(ObjectProvider<BuildProperties> build) {
		BuildProperties properties = build.getIfAvailable();
		Components components = new Components()
			.addSecuritySchemes(OPERATOR_TOKEN,
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.description("The operator token (OPERATOR_TOKEN) or a client key (CLIENT_KEYS), when the"
								+ " service has them. The operator may make every call. A client key may enqueue, look"
								+ " up and cancel the messages it enqueued, read their receipts and list its own sent"
								+ " messages; another client's message is a 404, and the operator's calls (start, stop"
								+ " and status of the processor, requeue, bulk cancel) are a 403."))
			.addSchemas(PROBLEM, problemSchema());
		errors().forEach((name, error) -> components.addResponses(name, error));
		return new OpenAPI()
			.info(new Info().title("message-dispatch")
				.version(properties == null ? "dev" : properties.getVersion())
				.description("Queues outbound SMS messages and dispatches them to the provider's webhook. Every error"
						+ " has the same body: RFC 9457 problem details plus an `error` string."))
			.components(components);
	}

	/**
	 * Marks the guarded operations as needing the operator token or a client key, and
	 * gives every operation the errors that any request can meet: a 401 where the token
	 * is checked, a 500 everywhere.
	 */
	@Bean
	OpenApiCustomizer commonErrors() {
		return openApi -> openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
			if (ApiAccessConfiguration.GUARDED_PATHS.stream()
				.anyMatch(guarded -> path.equals(guarded) || path.startsWith(guarded + "/"))) {
				operation.addSecurityItem(new SecurityRequirement().addList(OPERATOR_TOKEN));
				operation.getResponses().addApiResponse("401", new ApiResponse().$ref(RESPONSES + "Unauthorized"));
			}
			operation.getResponses().addApiResponse("500", new ApiResponse().$ref(RESPONSES + "InternalError"));
		}));
	}

	private static Map<String, ApiResponse> errors() {
		return Map.of("BadRequest", error(
				"The request breaks a rule; `errors` lists each broken field when there are several", 400,
				"Bad Request", "/messages",
				"invalid message: phoneNumber must be in E.164 format, e.g. +905551111111; content must not"
						+ " be empty",
				List.of(Map.of("field", "phoneNumber", "message", "must be in E.164 format, e.g. +905551111111"),
						Map.of("field", "content", "message", "must not be empty"))),
				"Unauthorized",
				error("No or a wrong operator token or client key (`WWW-Authenticate: Bearer` says so)", 401,
						"Unauthorized", "/processor/start", "missing operator token", null),
				"Forbidden",
				error("A client key made a call that is the operator's", 403, "Forbidden", "/processor/stop",
						"this call is for the operator only", null),
				"NotFound",
				error("Nothing is stored under that id, or, for a client key, another client enqueued it", 404,
						"Not Found", "/messages/6650a1b2c3d4e5f601234567", "message 6650a1b2c3d4e5f601234567 not found",
						null),
				"Conflict",
				error("The request does not fit the current state", 409, "Conflict", "/messages",
						"Idempotency-Key was already used for a different request", null),
				"ContentTooLarge",
				error("The body is larger than messaging.web.max-request-size", 413, "Content Too Large",
						"/messages/batch", "request body is larger than 1048576 bytes", null),
				"InternalError", error("Something failed inside; the details are logged, never returned", 500,
						"Internal Server Error", "/messages", "internal error", null));
	}

	private static ApiResponse error(String description, int status, String title, String instance, String error,
			List<Map<String, String>> errors) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "about:blank");
		body.put("title", title);
		body.put("status", status);
		body.put("detail", error);
		body.put("instance", instance);
		body.put("error", error);
		if (errors != null) {
			body.put("errors", errors);
		}
		return new ApiResponse().description(description)
			.content(new Content().addMediaType(PROBLEM_JSON,
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))
						.addExamples(title, new Example().value(body))));
	}

	private static Schema<?> problemSchema() {
		ObjectSchema violation = new ObjectSchema();
		violation.addProperty("field", new StringSchema().example("phoneNumber"));
		violation.addProperty("message", new StringSchema().example("must be in E.164 format, e.g. +905551111111"));
		ObjectSchema problem = new ObjectSchema();
		problem.description("RFC 9457 problem details plus `error`, the field older clients read");
		problem.addProperty("type", new StringSchema().example("about:blank"));
		problem.addProperty("title", new StringSchema().example("Bad Request"));
		problem.addProperty("status", new IntegerSchema().example(400));
		problem.addProperty("detail", new StringSchema().example("invalid limit parameter"));
		problem.addProperty("instance", new StringSchema().example("/processor/sent-messages"));
		problem.addProperty("error", new StringSchema().example("invalid limit parameter"));
		problem.addProperty("errors",
				new ArraySchema().items(violation).description("each broken rule, when a" + " message is refused"));
		problem.setRequired(List.of("status", "error"));
		return problem;
	}

}
