package io.messagedispatch.settings;

import java.util.stream.Collectors;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Turns a startup failure caused by a wrong setting into one line per setting: which one,
 * and why. Values are shown with any URI password masked.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<Throwable> {

	private static final String ACTION = "Fix the setting in .config/<APP_ENV>.yaml or its environment variable, then start again.";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, Throwable cause) {
		InvalidSettingException invalid = findCause(rootFailure, InvalidSettingException.class);
		if (invalid != null) {
			return new FailureAnalysis(invalid.getMessage(), ACTION, invalid);
		}
		BindValidationException validation = findCause(rootFailure, BindValidationException.class);
		if (validation != null) {
			String lines = validation.getValidationErrors()
				.getAllErrors()
				.stream()
				.map(error -> describe(validation, error))
				.collect(Collectors.joining(System.lineSeparator()));
			return new FailureAnalysis(lines, ACTION, validation);
		}
		BindException bind = findCause(rootFailure, BindException.class);
		if (bind != null && bind.getProperty() != null) {
			Throwable reason = bind.getCause() != null ? rootCause(bind.getCause()) : bind;
			String value = String.valueOf(bind.getProperty().getValue());
			String shown = UriCredentials.mask(value);
			return new FailureAnalysis("Invalid setting " + bind.getProperty().getName() + "=" + shown + ": "
					+ String.valueOf(reason.getMessage()).replace(value, shown), ACTION, bind);
		}
		return null;
	}

	private static String describe(BindValidationException validation, ObjectError error) {
		String name = validation.getValidationErrors().getName().toString();
		if (error instanceof FieldError field) {
			return "Invalid setting " + name + "." + toKebab(field.getField()) + "="
					+ UriCredentials.mask(String.valueOf(field.getRejectedValue())) + ": " + field.getDefaultMessage();
		}
		return "Invalid setting " + name + ": " + error.getDefaultMessage();
	}

	private static String toKebab(String field) {
		return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
	}

	private static Throwable rootCause(Throwable failure) {
		return NestedExceptionUtils.getMostSpecificCause(failure);
	}

}
