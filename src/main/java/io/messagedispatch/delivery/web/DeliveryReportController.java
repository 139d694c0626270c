package io.messagedispatch.delivery.web;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import io.messagedispatch.delivery.DeliveryReport;
import io.messagedispatch.delivery.DeliveryReports;
import io.messagedispatch.delivery.ReportsReceived;
import io.messagedispatch.provider.ProviderCallbacks;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The provider's delivery reports. Outside the bearer token's paths: the provider proves
 * who it is with its own credential ({@link ProviderCallbacks}), checked on the body
 * exactly as received before anything else, so that any other caller, client keys and the
 * operator token included, gets a {@code 401}. The call changes data and takes no query
 * parameter, so any is a {@code 400}.
 */
@RestController
class DeliveryReportController implements DeliveryReportApi {

	static final String PATH = "/provider/delivery-reports";

	private static final Logger log = LoggerFactory.getLogger(DeliveryReportController.class);

	private final ProviderCallbacks callbacks;

	private final DeliveryReports reports;

	private final JsonMapper json;

	private final Clock clock;

	DeliveryReportController(ProviderCallbacks callbacks, DeliveryReports reports, JsonMapper json, Clock clock) {
		this.callbacks = callbacks;
		this.reports = reports;
		this.json = json;
		this.clock = clock;
	}

	@Override
	@PostMapping(PATH)
	public ReportsReceived receive(@RequestBody(required = false) byte[] body, HttpServletRequest request) {
		byte[] payload = (body != null) ? body : new byte[0];
		Optional<String> refusal = this.callbacks.refusal(request::getHeader, payload);
		if (refusal.isPresent()) {
			log.debug("Refused delivery reports from {}: {}", request.getRemoteAddr(), refusal.get());
			throw new ReportNotAuthenticatedException(refusal.get());
		}
		if (!request.getParameterMap().isEmpty()) {
			String parameter = request.getParameterMap().keySet().stream().sorted().findFirst().orElseThrow();
			throw new DeliveryReportRejectedException(parameter, "is not a parameter of this call: it takes none");
		}
		List<DeliveryReport> received = DeliveryReportRequest.read(parse(payload, request), this.clock.instant());
		return this.reports.receive(received);
	}

	private JsonNode parse(byte[] payload, HttpServletRequest request) {
		JsonNode body;
		try {
			body = this.json.readTree(payload);
		}
		catch (JacksonException ex) {
			throw new HttpMessageNotReadableException("malformed delivery reports", ex,
					new ServletServerHttpRequest(request));
		}
		if (body == null || body.isMissingNode()) {
			throw new HttpMessageNotReadableException("no delivery reports", new ServletServerHttpRequest(request));
		}
		return body;
	}

}
