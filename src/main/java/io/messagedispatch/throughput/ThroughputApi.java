package io.messagedispatch.throughput;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * How the throughput endpoint is described in the OpenAPI document;
 * {@link ThroughputController} implements it.
 */
@Tag(name = "processor")
interface ThroughputApi {

	@Operation(summary = "Messages dispatched per minute by the whole cluster",
			description = "One entry per minute, oldest first, the current minute last: the messages the provider"
					+ " accepted (`sent`), those given up on (`failed`, expired ones included) and those left for a"
					+ " later run (`retried`), added up over every instance in MongoDB. A minute nothing was"
					+ " dispatched in counts zero. Kept 24 hours. The operator's only: a client key gets a 403.",
			parameters = @Parameter(name = "minutes", in = ParameterIn.QUERY,
					description = "how many minutes back, 1 to 1440; anything else is a 400",
					schema = @Schema(type = "integer", defaultValue = "60", minimum = "1", maximum = "1440"),
					example = "3"))
	@ApiResponse(responseCode = "200", description = "The counts per minute, oldest first",
			content = @Content(mediaType = "application/json",
					array = @ArraySchema(schema = @Schema(implementation = MinuteCount.class)),
					examples = @ExampleObject(name = "three minutes", value = """
							[{"minute": "2026-05-01T12:00:00Z", "sent": 120, "failed": 2, "retried": 5},
							 {"minute": "2026-05-01T12:01:00Z", "sent": 0, "failed": 0, "retried": 0},
							 {"minute": "2026-05-01T12:02:00Z", "sent": 64, "failed": 0, "retried": 1}]""")))
	@ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
	@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
	List<MinuteCount> throughput(String minutes);

}
