package io.messagedispatch.message.web;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessageIds;
import io.messagedispatch.message.MessageNotFoundException;
import io.messagedispatch.message.MessagePage;
import io.messagedispatch.message.MessageSearch;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;
import io.messagedispatch.message.PageCursor;
import io.messagedispatch.message.Requeued;
import io.messagedispatch.message.web.refusals.MessageNotCancellableException;
import io.messagedispatch.message.web.refusals.MessageNotRequeueableException;
import io.messagedispatch.message.web.refusals.MessageRejectedException;
import io.messagedispatch.security.Caller;
import io.messagedispatch.web.Limits;
import io.messagedispatch.web.PageLinks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The intake API: client systems enqueue messages here, look up their delivery state and
 * search them a page at a time. A client key reaches only the messages it enqueued:
 * another client's message is not found, and requeueing and bulk cancelling are the
 * operator's.
 */
@RestController
@RequestMapping("/messages")
class MessageController implements MessageApi {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private static final Logger log = LoggerFactory.getLogger(MessageController.class);

	private final MessageIntake intake;

	private final Messages messages;

	MessageController(MessageIntake intake, Messages messages) {
		this.intake = intake;
		this.messages = messages;
	}

	@PostMapping
	public ResponseEntity<MessageView> accept(@RequestBody MessageRequest request,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
		MessageIntake.Accepted accepted = this.intake.accept(Collections.singletonList(request),
				Caller.current().clientName(), idempotencyKey(idempotencyKey), "/messages");
		Message message = accepted.messages().get(0);
		return ResponseEntity.status(accepted.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
			.location(URI.create("/messages/" + message.id()))
			.body(MessageView.of(message));
	}

	@PostMapping("/batch")
	public ResponseEntity<BatchAccepted> acceptBatch(@RequestBody BatchRequest request,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
		List<MessageRequest> messages = request.messages() == null ? List.of() : request.messages();
		MessageIntake.Accepted accepted = this.intake.accept(messages, Caller.current().clientName(),
				idempotencyKey(idempotencyKey), "/messages/batch");
		List<String> ids = accepted.messages().stream().map(Message::id).toList();
		return ResponseEntity.status(accepted.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
			.body(new BatchAccepted(ids.size(), ids));
	}

	@Override
	@GetMapping
	public ResponseEntity<List<MessageView>> list(@RequestParam(required = false) String status,
			@RequestParam(required = false) String phoneNumber, @RequestParam(required = false) String client,
			@RequestParam(required = false) String createdFrom, @RequestParam(required = false) String createdTo,
			@RequestParam(required = false) String limit, @RequestParam(required = false) String cursor,
			HttpServletRequest request) {
		MessageSearch search = SearchRequest.read(status, phoneNumber, client, createdFrom, createdTo);
		int max = Limits.parse(limit);
		PageCursor after = PageCursor.parse(cursor);
		Caller caller = Caller.current();
		if (!caller.isOperator()) {
			if (search.client() != null && !search.client().equals(caller.clientName())) {
				// another client's messages are none of this client's business
				return ResponseEntity.ok(List.of());
			}
			search = search.enqueuedBy(caller.clientName());
		}
		MessagePage page = this.messages.search(search, max, after);
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		if (page.next() != null) {
			response.header(HttpHeaders.LINK, PageLinks.next(request, page.next().encode()));
		}
		return response.body(page.messages().stream().map(MessageView::of).toList());
	}

	@Override
	@PostMapping("/{id}/requeue")
	public MessageView requeue(@PathVariable String id) {
		Caller.current().requireOperator();
		MessageIds.requireValid(id);
		if (!this.messages.requeue(id)) {
			Message message = this.messages.findById(id).orElseThrow(() -> new MessageNotFoundException(id));
			throw new MessageNotRequeueableException(id, message.status());
		}
		return MessageView.of(this.messages.findById(id).orElseThrow(() -> new MessageNotFoundException(id)));
	}

	@Override
	@PostMapping("/requeue")
	public Map<String, Long> requeueAll(@RequestParam MultiValueMap<String, String> parameters,
			HttpServletRequest http) {
		Caller.current().requireOperator();
		if (http.getContentLengthLong() > 0 || http.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
			// its filter is in the query string: a filter sent as a body would be ignored
			// and the call would take every failed message
			throw new MessageRejectedException("body",
					"requeue takes its filter as query parameters, not in a body: see the API reference");
		}
		RequeueRequest request = RequeueRequest.read(parameters);
		Requeued requeued = this.messages.requeueFailed(request.filter(), request.dryRun());
		Map<String, Long> answer = new LinkedHashMap<>();
		answer.put(request.dryRun() ? "wouldRequeue" : "requeued", requeued.requeued());
		answer.put("remaining", requeued.remaining());
		if (request.dryRun()) {
			log.info("Bulk requeue dry run: {} failed message(s) of {} would be requeued, {} more match",
					requeued.requeued(), request.filter(), requeued.remaining());
		}
		else {
			log.info("Bulk requeue: {} failed message(s) of {} requeued, {} more match", requeued.requeued(),
					request.filter(), requeued.remaining());
		}
		return answer;
	}

	@Override
	@PostMapping("/{id}/cancel")
	public MessageView cancel(@PathVariable String id) {
		MessageIds.requireValid(id);
		Caller caller = Caller.current();
		if (!caller.isOperator()) {
			// the owner never changes, so a message that is the client's now is the
			// client's when it is cancelled
			visibleTo(caller, id);
		}
		if (!this.messages.cancel(id)) {
			Message message = this.messages.findById(id).orElseThrow(() -> new MessageNotFoundException(id));
			// one that was being sent may be back in the queue by now: it can be
			// cancelled after all
			if (message.status() != MessageStatus.UNSENT || !this.messages.cancel(id)) {
				throw new MessageNotCancellableException(id, message.status());
			}
		}
		return MessageView.of(this.messages.findById(id).orElseThrow(() -> new MessageNotFoundException(id)));
	}

	@Override
	@PostMapping("/cancel")
	public Map<String, Long> cancelAll(@RequestBody(required = false) Map<String, Object> filter) {
		Caller.current().requireOperator();
		return Map.of("cancelled", this.messages.cancelAll(CancelRequest.read(filter)));
	}

	@GetMapping("/{id}")
	public MessageView find(@PathVariable String id) {
		return MessageView.of(visibleTo(Caller.current(), MessageIds.requireValid(id)));
	}

	@GetMapping("/{id}/attempts")
	public List<AttemptView> attempts(@PathVariable String id) {
		String valid = MessageIds.requireValid(id);
		Caller caller = Caller.current();
		return this.messages.findAttemptLog(valid)
			.filter(log -> caller.canSee(log.client()))
			.map(AttemptView::of)
			.orElseThrow(() -> new MessageNotFoundException(valid));
	}

	/**
	 * The message, if the caller may see it: another client's message is not found, with
	 * the same answer as one that does not exist.
	 */
	private Message visibleTo(Caller caller, String id) {
		return this.messages.findById(id)
			.filter(message -> caller.canSee(message.client()))
			.orElseThrow(() -> new MessageNotFoundException(id));
	}

	private static String idempotencyKey(String header) {
		if (header == null) {
			return null;
		}
		String key = header.trim();
		if (key.isEmpty() || key.length() > 255) {
			throw new MessageRejectedException(IDEMPOTENCY_KEY, "must be 1 to 255 characters");
		}
		return key;
	}

}
