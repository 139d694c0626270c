package io.messagedispatch.message.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.messagedispatch.message.Message;
import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;
import io.messagedispatch.queue.DeliveryOutcome;
import io.messagedispatch.queue.MessageQueue;
import io.messagedispatch.support.Claims;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static io.messagedispatch.message.MessageBuilder.aMessage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed messages are a dead-letter queue: listed by status and put back in the queue one
 * by one or by a filter, counted first in a dry run, and never because of a misspelled
 * parameter.
 */
@SpringBootTest(properties = "messaging.processor.initial-delay=1h")
@AutoConfigureMockMvc
class DeadLetterApiTests {

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private Messages store;

	@Autowired
	private MessageQueue queue;

	@Autowired
	private MongoTemplate mongo;

	private Message failed;

	private Message sent;

	@BeforeEach
	void oneFailedOneSentOneQueued() {
		this.mongo.getCollection("messages").deleteMany(new Document());
		this.failed = aMessage().content("failed").build();
		this.sent = aMessage().content("sent").build();
		this.store.insertAll(List.of(this.failed, this.sent, aMessage().content("queued").build()));
		Claims.claim(this.queue, "test-run", 2, Duration.ofMinutes(1));
		this.queue.record("test-run",
				List.of(new DeliveryOutcome.Failed(this.failed.id(), 10, "gave up after 10 attempts: HTTP 503"),
						new DeliveryOutcome.Sent(this.sent.id(), 1, "provider-1", Instant.now())));
	}

	@Test
	void failedMessagesAreListedWithTheirLastError() {
		assertThat(this.mvc.get().uri("/messages?status=failed&limit=5")).hasStatusOk().bodyJson().satisfies(json -> {
			assertThat(json).extractingPath("$[*].id").asArray().containsExactly(this.failed.id());
			assertThat(json).extractingPath("$[0].lastError").asString().contains("HTTP 503");
		});
		assertThat(this.mvc.get().uri("/messages?status=unsent")).hasStatusOk()
			.bodyJson()
			.extractingPath("$[*].content")
			.asArray()
			.containsExactly("queued");
		assertThat(this.mvc.get().uri("/messages?status=lost")).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(this.mvc.get().uri("/messages?status=failed&limit=0")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.error")
			.isEqualTo("invalid limit parameter");
	}

	@Test
	void oneFailedMessageIsRequeuedWithItsAttemptsReset() {
		assertThat(this.mvc.post().uri("/messages/" + this.failed.id() + "/requeue")).hasStatusOk()
			.bodyJson()
			.satisfies(json -> {
				assertThat(json).extractingPath("$.status").isEqualTo("unsent");
				assertThat(json).extractingPath("$.attempts").isEqualTo(0);
			});
	}

	@Test
	void onlyAFailedMessageCanBeRequeued() {
		assertThat(this.mvc.post().uri("/messages/" + this.sent.id() + "/requeue")).hasStatus(HttpStatus.CONFLICT)
			.bodyJson()
			.extractingPath("$.error")
			.asString()
			.contains("is sent");
		assertThat(this.mvc.post().uri("/messages/0123456789abcdef01234567/requeue")).hasStatus(HttpStatus.NOT_FOUND);
	}

	@Test
	void allFailedMessagesAreRequeuedAndCounted() {
		assertThat(this.mvc.post().uri("/messages/requeue?status=failed")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.requeued")
			.isEqualTo(1);
		assertThat(this.store.countByStatus()).containsEntry(MessageStatus.FAILED, 0L)
			.containsEntry(MessageStatus.UNSENT, 2L);
		assertThat(this.mvc.post().uri("/messages/requeue?status=sent")).hasStatus(HttpStatus.BAD_REQUEST);
	}

	@Test
	void aDryRunCountsWhatTheRequeueThenRequeues() {
		assertThat(this.mvc.post().uri("/messages/requeue?errorContains={text}&dryRun=true", "HTTP 503")).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("{\"wouldRequeue\": 1, \"remaining\": 0}");
		assertThat(this.store.countByStatus()).containsEntry(MessageStatus.FAILED, 1L);

		assertThat(this.mvc.post().uri("/messages/requeue?errorContains={text}", "HTTP 503")).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("{\"requeued\": 1, \"remaining\": 0}");
		assertThat(this.store.findById(this.failed.id())).get()
			.extracting(Message::status)
			.isEqualTo(MessageStatus.UNSENT);
	}

	@Test
	void aMisspelledRequeueParameterIsRefusedAndNothingIsRequeued() {
		assertThat(this.mvc.post().uri("/messages/requeue?staus=failed")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors[0].field")
			.isEqualTo("staus");
		assertThat(this.mvc.post().uri("/messages/requeue?errorContains={text}&dryrun=true", "HTTP 503"))
			.hasStatus(HttpStatus.BAD_REQUEST);

		assertThat(this.store.countByStatus()).containsEntry(MessageStatus.FAILED, 1L);
	}

}
