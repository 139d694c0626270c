package io.messagedispatch.receipt;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.messagedispatch.message.MessageStatus;
import io.messagedispatch.message.Messages;
import io.messagedispatch.web.WebSlice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static io.messagedispatch.message.MessageBuilder.aMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The receipt endpoint in a web slice, with the Redis cache and the store mocked: a
 * cached receipt is served without the store, an uncached one comes from the store and
 * refills the cache, a message that is unknown or not sent yet has none (404, 409), and a
 * malformed id touches neither.
 */
@WebMvcTest(ReceiptController.class)
@Import(WebSlice.class)
class ReceiptControllerTests {

	private static final String ID = "6650a1b2c3d4e5f601234567";

	private static final Instant SENT_AT = Instant.parse("2026-05-01T12:02:00.120Z");

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private ReceiptCache cache;

	@MockitoBean
	private Messages messages;

	@Test
	void cachedReceiptIsServedWithoutTheStore() {
		given(this.cache.find(ID)).willReturn(Optional.of(new Receipt("provider-7", SENT_AT)));

		assertThat(this.mvc.get().uri("/messages/{id}/receipt", ID)).hasStatusOk()
			.hasContentType(MediaType.APPLICATION_JSON)
			.bodyJson()
			.isStrictlyEqualTo("{\"messageId\": \"provider-7\", \"sentAt\": \"2026-05-01T12:02:00.120Z\"}");
		verifyNoInteractions(this.messages);
	}

	@Test
	void uncachedReceiptComesFromTheStoreAndRefillsTheCache() {
		given(this.cache.find(ID)).willReturn(Optional.empty());
		given(this.messages.findById(ID))
			.willReturn(Optional.of(aMessage().id(ID).sent("provider-7", SENT_AT).build()));

		assertThat(this.mvc.get().uri("/messages/{id}/receipt", ID)).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("{\"messageId\": \"provider-7\", \"sentAt\": \"2026-05-01T12:02:00.120Z\"}");
		then(this.cache).should().putAll(Map.of(ID, new Receipt("provider-7", SENT_AT)));
	}

	@Test
	void receiptOfAMessageTheProviderGaveNoIdShowsItAsNull() {
		given(this.cache.find(ID)).willReturn(Optional.empty());
		given(this.messages.findById(ID)).willReturn(Optional.of(aMessage().id(ID).sent(null, SENT_AT).build()));

		assertThat(this.mvc.get().uri("/messages/{id}/receipt", ID)).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("{\"messageId\": null, \"sentAt\": \"2026-05-01T12:02:00.120Z\"}");
	}

	@Test
	void unknownMessageHasNoReceipt() {
		given(this.cache.find(ID)).willReturn(Optional.empty());
		given(this.messages.findById(ID)).willReturn(Optional.empty());

		assertThat(this.mvc.get().uri("/messages/{id}/receipt", ID)).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"type": "about:blank", "title": "Not Found", "status": 404,
					 "detail": "message 6650a1b2c3d4e5f601234567 not found",
					 "instance": "/messages/6650a1b2c3d4e5f601234567/receipt",
					 "error": "message 6650a1b2c3d4e5f601234567 not found"}""");
		then(this.cache).should(never()).putAll(any());
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(names = { "UNSENT", "SENDING", "FAILED" })
	void messageNotSentYetHasNoReceiptAndNothingIsCached(MessageStatus status) {
		given(this.cache.find(ID)).willReturn(Optional.empty());
		given(this.messages.findById(ID)).willReturn(Optional.of(aMessage().id(ID).status(status).build()));

		assertThat(this.mvc.get().uri("/messages/{id}/receipt", ID)).hasStatus(HttpStatus.CONFLICT)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"type": "about:blank", "title": "Conflict", "status": 409,
					 "detail": "message 6650a1b2c3d4e5f601234567 has no receipt: it is %1$s",
					 "instance": "/messages/6650a1b2c3d4e5f601234567/receipt",
					 "error": "message 6650a1b2c3d4e5f601234567 has no receipt: it is %1$s"}"""
				.formatted(status.value()));
		then(this.cache).should(never()).putAll(any());
	}

	@Test
	void malformedIdIsRejectedWithoutTouchingTheCacheOrTheStore() {
		assertThat(this.mvc.get().uri("/messages/~i64:12x/receipt")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.error")
			.asString()
			.startsWith("malformed message id '~i64:12x'");
		verifyNoInteractions(this.cache, this.messages);
	}

}
