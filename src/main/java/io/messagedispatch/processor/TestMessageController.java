package io.messagedispatch.processor;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.messagedispatch.dispatch.DispatchOnDemand;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.Messages;
import io.messagedispatch.provider.MockProvider;
import io.messagedispatch.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test traffic for watching the whole flow in dev: enqueues messages for the built-in
 * mock provider, a share of them marked for it to refuse, and has this instance dispatch
 * them at once (a drain run) rather than at the schedule's pace. It exists only while
 * messages go to the mock provider ({@link MockProvider.IsTheTarget}), so never in prod
 * nor where a real provider is set. The operator's only.
 */
@RestController
@Conditional(MockProvider.IsTheTarget.class)
class TestMessageController implements TestMessageApi {

	static final String PATH = "/processor/test-messages";

	static final int MAX_COUNT = 1000;

	private static final Logger log = LoggerFactory.getLogger(TestMessageController.class);

	private final Messages messages;

	private final DispatchOnDemand dispatch;

	private final Clock clock;

	private final JsonMapper json;

	TestMessageController(Messages messages, DispatchOnDemand dispatch, Clock clock, JsonMapper json) {
		this.messages = messages;
		this.dispatch = dispatch;
		this.clock = clock;
		this.json = json;
	}

	@GetMapping(PATH)
	public TestMessagesOffer offer() {
		Caller.current().requireOperator();
		return new TestMessagesOffer(MAX_COUNT);
	}

	@PostMapping(PATH)
	@ResponseStatus(HttpStatus.CREATED)
	public TestMessagesEnqueued send(@RequestBody(required = false) byte[] body, HttpServletRequest request) {
		// the caller first, then the request: a client is refused whatever it sent
		Caller.current().requireOperator();
		if (!request.getParameterMap().isEmpty()) {
			String parameter = request.getParameterMap().keySet().stream().sorted().findFirst().orElseThrow();
			throw new TestMessagesRejectedException(parameter,
					"is not a parameter of this call: count and failureRate go in the body");
		}
		if (body != null && body.length > 0 && !isJson(request.getContentType())) {
			// a page of another site may send a form or text/plain without asking first,
			// never JSON: this keeps a browser that visits one from queueing messages
			throw new TestMessagesRejectedException("Content-Type", "must be application/json");
		}
		TestMessagesRequest.Checked checked = read(body, request).check();
		List<Boolean> refused = new ArrayList<>(checked.count());
		for (int i = 0; i < checked.count(); i++) {
			refused.add(i < checked.failing());
		}
		Collections.shuffle(refused);
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		List<Message> batch = new ArrayList<>(checked.count());
		for (int i = 0; i < checked.count(); i++) {
			String content = "Test message " + (i + 1) + " of " + checked.count()
					+ (refused.get(i) ? " " + MockProvider.REFUSE_MARK : "");
			batch.add(Message.accepted(new ObjectId().toHexString(), phoneNumber(i), content, now));
		}
		this.messages.insertAll(batch);
		this.dispatch.drainSoon();
		log.info("{} test message(s) enqueued for the mock provider, {} of them to be refused", checked.count(),
				checked.failing());
		return new TestMessagesEnqueued(checked.count(), checked.failing(), batch.stream().map(Message::id).toList());
	}

	private static boolean isJson(String contentType) {
		try {
			return contentType != null
					&& MediaType.parseMediaType(contentType).isCompatibleWith(MediaType.APPLICATION_JSON);
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	private TestMessagesRequest read(byte[] body, HttpServletRequest request) {
		TestMessagesRequest read = null;
		if (body != null && body.length > 0) {
			try {
				read = this.json.readValue(body, TestMessagesRequest.class);
			}
			catch (JacksonException ex) {
				throw new HttpMessageNotReadableException("malformed test messages request", ex,
						new ServletServerHttpRequest(request));
			}
		}
		if (read == null) {
			throw new TestMessagesRejectedException("body",
					"must be {\"count\": 1 to " + MAX_COUNT + ", \"failureRate\": 0 to 1}");
		}
		return read;
	}

	/** Numbers reserved for fiction: +1 202 555 0100 to 0199. */
	private static String phoneNumber(int index) {
		return "+12025550" + (100 + index % 100);
	}

}
