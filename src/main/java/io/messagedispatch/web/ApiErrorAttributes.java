package io.messagedispatch.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.WebRequest;

/**
 * Gives errors that never reach a controller (the servlet container's own, such as an
 * unmapped error in a filter) the same body as every other error of the API.
 */
@Component
class ApiErrorAttributes extends DefaultErrorAttributes {

	@Override
	public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
		Map<String, Object> defaults = super.getErrorAttributes(request, ErrorAttributeOptions.defaults());
		int status = defaults.get("status") instanceof Integer code ? code : 500;
		HttpStatus httpStatus = HttpStatus.resolve(status);
		String title = httpStatus != null ? httpStatus.getReasonPhrase() : "Error";
		String error = status >= 500 ? "internal error" : title.toLowerCase();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "about:blank");
		body.put("title", title);
		body.put("status", status);
		body.put("detail", error);
		body.put("instance", defaults.get("path"));
		body.put("error", error);
		return body;
	}

}
