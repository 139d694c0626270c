package io.messagedispatch.message;

import io.messagedispatch.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * The {@code cursor} of a listing is not one the listing handed out: it names no position
 * to continue from.
 */
public class MalformedCursorException extends ProblemException {

	public MalformedCursorException() {
		super(HttpStatus.BAD_REQUEST,
				"invalid cursor parameter: pass the cursor of the previous page's Link header unchanged");
	}

}
