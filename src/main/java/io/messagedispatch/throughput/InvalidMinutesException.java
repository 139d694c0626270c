package io.messagedispatch.throughput;

import io.messagedispatch.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * The {@code minutes} parameter is not a whole number from 1 to the minutes the counters
 * are kept.
 */
class InvalidMinutesException extends ProblemException {

	InvalidMinutesException() {
		super(HttpStatus.BAD_REQUEST,
				"invalid minutes parameter: a whole number from 1 to " + ThroughputController.MAX_MINUTES);
	}

}
