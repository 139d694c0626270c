package io.messagedispatch.provider.http;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the service reads from the provider's answers, whatever they hold: the
 * {@code messageId} of an accepted message and the pause asked for with
 * {@code Retry-After}. Anything unreadable reads as absent, never as a failure.
 */
public final class ProviderAnswers {

	/**
	 * The longest {@code Retry-After} taken from the provider; the retry schedule caps it
	 * further.
	 */
	public static final Duration LONGEST_RETRY_AFTER = Duration.ofDays(365);

	private static final Pattern DELAY_SECONDS = Pattern.compile("\\d+");

	private ProviderAnswers() {
	}

	/**
	 * The {@code messageId} of a JSON object body, read as a stream so that it is found
	 * in a body cut at {@link ProviderRequests#MAX_BODY} as long as it comes before the
	 * cut.
	 */
	public static Optional<String> messageId(JsonMapper json, String body) {
		if (body == null || body.isBlank()) {
			return Optional.empty();
		}
		try (JsonParser parser = json.createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return Optional.empty();
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if ("messageId".equals(name)) {
					return value != null && value.isScalarValue() && value != JsonToken.VALUE_NULL
							? Optional.of(parser.getString()).filter(id -> !id.isBlank()) : Optional.empty();
				}
				parser.skipChildren();
			}
			return Optional.empty();
		}
		catch (JacksonException ex) {
			// cut or not JSON: no messageId
			return Optional.empty();
		}
	}

	/**
	 * Reads {@code Retry-After} as seconds or an HTTP date; a date in the past is no
	 * wait, anything else unreadable is none, and a wait is never longer than
	 * {@link #LONGEST_RETRY_AFTER}.
	 */
	public static Optional<Duration> retryAfter(HttpResponse<?> response, Clock clock) {
		return response.headers().firstValue("Retry-After").map(String::trim).flatMap(value -> {
			if (DELAY_SECONDS.matcher(value).matches()) {
				return Optional.of(value.length() > 12 ? LONGEST_RETRY_AFTER
						: atMostLongest(Duration.ofSeconds(Long.parseLong(value))));
			}
			try {
				Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				Duration wait = Duration.between(clock.instant(), at);
				return Optional.of(wait.isNegative() ? Duration.ZERO : atMostLongest(wait));
			}
			catch (DateTimeException | ArithmeticException notDate) {
				return Optional.empty();
			}
		});
	}

	private static Duration atMostLongest(Duration wait) {
		return wait.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : wait;
	}

}
