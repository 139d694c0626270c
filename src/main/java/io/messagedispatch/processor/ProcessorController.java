package io.messagedispatch.processor;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.mongodb.MongoExecutionTimeoutException;

import io.messagedispatch.delivery.DeliveryOverview;
import io.messagedispatch.dispatch.DispatchOverview;
import io.messagedispatch.dispatch.ProcessorSwitch;
import io.messagedispatch.message.MessagePage;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;
import io.messagedispatch.message.PageCursor;
import io.messagedispatch.message.WaitingMessages;
import io.messagedispatch.provider.CircuitBreaker;
import io.messagedispatch.retention.Retention;
import io.messagedispatch.security.Caller;
import io.messagedispatch.web.Limits;
import io.messagedispatch.web.PageLinks;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operators' controls, compatible with the system this service replaces: start and
 * stop the processor for the whole cluster, see its status (with the share of sent
 * messages delivered and the retention in force), and list what was sent, a page at a
 * time. A count of the messages that takes longer than 5 seconds leaves its part of the
 * status null rather than failing the rest. A client key may only list what was sent of
 * its own messages, as the clients of that system do; the rest is the operator's.
 */
@RestController
@RequestMapping("/processor")
class ProcessorController implements ProcessorApi {

	private static final Logger log = LoggerFactory.getLogger(ProcessorController.class);

	private static final int RUNS_SHOWN = 5;

	private static final Duration COUNT_TIME_LIMIT = Duration.ofSeconds(5);

	private final ProcessorSwitch processorSwitch;

	private final DispatchOverview dispatch;

	private final Messages messages;

	private final CircuitBreaker circuit;

	private final Retention retention;

	private final DeliveryOverview delivery;

	private final Clock clock;

	ProcessorController(ProcessorSwitch processorSwitch, DispatchOverview dispatch, Messages messages,
			CircuitBreaker circuit, Retention retention, DeliveryOverview delivery, Clock clock) {
		this.processorSwitch = processorSwitch;
		this.dispatch = dispatch;
		this.messages = messages;
		this.circuit = circuit;
		this.retention = retention;
		this.delivery = delivery;
		this.clock = clock;
	}

	@PostMapping("/start")
	public Map<String, String> start() {
		Caller.current().requireOperator();
		this.processorSwitch.start();
		return Map.of("message", "message processor started");
	}

	@PostMapping("/stop")
	public Map<String, String> stop() {
		Caller.current().requireOperator();
		this.processorSwitch.stop();
		return Map.of("message", "message processor stopped");
	}

	@GetMapping("/status")
	public ProcessorStatus status() {
		Caller.current().requireOperator();
		boolean running = this.processorSwitch.isRunning();
		return new ProcessorStatus(running, this.dispatch.settings(), running ? this.dispatch.nextRunAt() : null,
				this.circuit.state(), this.circuit.reason(), this.dispatch.latestRuns(RUNS_SHOWN), countByStatus(),
				queue(), this.delivery.summary(), this.retention.policy());
	}

	private Map<MessageStatus, Long> countByStatus() {
		try {
			return this.messages.countByStatus();
		}
		catch (MongoExecutionTimeoutException ex) {
			log.warn("Messages not counted by status: the count took longer than 5 seconds");
			return null;
		}
	}

	private ProcessorStatus.Queue queue() {
		WaitingMessages waiting;
		try {
			waiting = this.messages.waiting(COUNT_TIME_LIMIT);
		}
		catch (MongoExecutionTimeoutException ex) {
			log.warn("Due and scheduled messages not counted: the count took longer than {}", COUNT_TIME_LIMIT);
			return null;
		}
		Duration oldestDueAge = (waiting.oldestDueCreatedAt() != null)
				? Duration.between(waiting.oldestDueCreatedAt(), this.clock.instant()) : null;
		return new ProcessorStatus.Queue(waiting.due(), waiting.scheduled(),
				(oldestDueAge != null && oldestDueAge.isNegative()) ? Duration.ZERO : oldestDueAge);
	}

	@GetMapping("/sent-messages")
	public ResponseEntity<List<SentMessage>> sentMessages(@RequestParam(required = false) String limit,
			@RequestParam(required = false) String cursor, HttpServletRequest request) {
		int max = Limits.parse(limit);
		PageCursor after = PageCursor.parse(cursor);
		Caller caller = Caller.current();
		MessagePage sent = caller.isOperator() ? this.messages.findSent(max, after)
				: this.messages.findSentFor(caller.clientName(), max, after);
		if (sent.messages().isEmpty() && after == null) {
			throw new NoSentMessagesException();
		}
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		if (sent.next() != null) {
			response.header(HttpHeaders.LINK, PageLinks.next(request, sent.next().encode()));
		}
		return response.body(sent.messages().stream().map(SentMessage::of).toList());
	}

}
