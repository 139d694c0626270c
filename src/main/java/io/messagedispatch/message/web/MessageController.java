package io.messagedispatch.message.web;

import java.net.URI;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessageIds;
import io.messagedispatch.message.MessageNotFoundException;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;
import io.messagedispatch.message.web.refusals.MessageNotCancellableException;
import io.messagedispatch.message.web.refusals.MessageNotRequeueableException;
import io.messagedispatch.message.web.refusals.MessageRejectedException;
import io.messagedispatch.security.Caller;
import io.messagedispatch.web.Limits;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The intake API: client systems enqueue messages here and look up their delivery state.
 * A client key reaches only the messages it enqueued: another client's message is not
 * found, and requeueing and bulk cancelling are the operator's.
 */
@RestController
@RequestMapping("/messages")
class MessageController implements MessageApi {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private static final String STATUSES = Arrays.stream(MessageStatus.values())
		.map(MessageStatus::value)
		.collect(Collectors.joining(", "));

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
	public List<MessageView> list(@RequestParam String status, @RequestParam(required = false) String limit) {
		MessageStatus wanted = MessageStatus.fromValue(status)
			.orElseThrow(() -> new MessageRejectedException("status", "must be one of " + STATUSES));
		int max = Limits.parse(limit);
		Caller caller = Caller.current();
		List<Message> found = caller.isOperator() ? this.messages.findByStatus(wanted, max)
				: this.messages.findByStatusFor(caller.clientName(), wanted, max);
		return found.stream().map(MessageView::of).toList();
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
	public Map<String, Long> requeueAll(@RequestParam String status) {
		Caller.current().requireOperator();
		if (MessageStatus.fromValue(status).orElse(null) != MessageStatus.FAILED) {
			throw new MessageRejectedException("status", "only failed messages can be requeued");
		}
		return Map.of("requeued", this.messages.requeueAllFailed());
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
