package io.messagedispatch.delivery.web;

import io.messagedispatch.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * A call to the delivery report endpoint that does not prove it is the provider's: no
 * valid signature under the report secret, or no auth key where that is what proves it.
 */
class ReportNotAuthenticatedException extends ProblemException {

	ReportNotAuthenticatedException(String reason) {
		super(HttpStatus.UNAUTHORIZED, reason);
	}

}
