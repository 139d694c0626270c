package io.messagedispatch.message.web;

import java.io.UnsupportedEncodingException;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.Messages;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The intake API over the real store (embedded MongoDB): what clients get back for good
 * and bad requests.
 */
@SpringBootTest
@AutoConfigureMockMvc
class MessageApiTests {

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private Messages store;

	@Test
	void acceptedMessageIsStoredUnsentWithItsLocation() {
		MvcTestResult result = post("/messages", "{\"phoneNumber\":\"+905551111111\",\"content\":\"hi\"}");

		assertThat(result).hasStatus(HttpStatus.CREATED);
		String id = JsonPath.read(bodyOf(result), "$.id");
		assertThat(result).headers().hasValue("Location", "/messages/" + id);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("unsent");
		assertThat(result).bodyJson().extractingPath("$.createdAt").isNotNull();
		assertThat(this.store.findById(id)).get().extracting(Message::content).isEqualTo("hi");

		assertThat(this.mvc.get().uri("/messages/" + id)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.phoneNumber")
			.isEqualTo("+905551111111");
	}

	@Test
	void messageBreakingTheRulesIsRefusedWithEveryReason() {
		MvcTestResult result = post("/messages", "{\"phoneNumber\":\"05551111111\",\"content\":\"  \"}");

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.error").asString().contains("phoneNumber", "content");
		assertThat(result).bodyJson()
			.extractingPath("$.errors[*].field")
			.asArray()
			.containsExactly("phoneNumber", "content");
	}

	@Test
	void contentLengthIsCountedInCharactersNotBytesOrUtf16Units() {
		String emoji160 = "😀".repeat(160);
		assertThat(post("/messages", "{\"phoneNumber\":\"+905551111111\",\"content\":\"" + emoji160 + "\"}"))
			.hasStatus(HttpStatus.CREATED);
		assertThat(post("/messages", "{\"phoneNumber\":\"+905551111111\",\"content\":\"" + emoji160 + "a\"}"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.error")
			.asString()
			.contains("at most 160 characters");
	}

	@Test
	void malformedBodiesAreClientErrorsWithTheCommonShape() {
		assertThat(post("/messages", "{not json")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.error")
			.asString()
			.contains("malformed request body");
		assertThat(post("/messages", "{\"phoneNumber\":{\"a\":1},\"content\":[1]}")).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(post("/messages", "")).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(this.mvc.post().uri("/messages").contentType(MediaType.TEXT_PLAIN).content("hi"))
			.hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.bodyJson()
			.extractingPath("$.error")
			.isNotNull();
	}

	@Test
	void oversizedBodyIsRefusedBeforeItIsRead() {
		String huge = "{\"phoneNumber\":\"+905551111111\",\"content\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}";

		assertThat(post("/messages", huge)).hasStatus(HttpStatus.CONTENT_TOO_LARGE)
			.bodyJson()
			.extractingPath("$.error")
			.asString()
			.contains("larger than");
	}

	@Test
	void unknownAndMalformedIdsAreTold() {
		assertThat(this.mvc.get().uri("/messages/0123456789abcdef01234567")).hasStatus(HttpStatus.NOT_FOUND)
			.bodyJson()
			.extractingPath("$.error")
			.asString()
			.contains("not found");
		assertThat(this.mvc.get().uri("/messages/not-an-id")).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(this.mvc.get().uri("/messages/~i32:not-a-number")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.error")
			.asString()
			.contains("malformed message id");
	}

	@Test
	void batchIsStoredWholeAndReturnsTheIdsInOrder() {
		MvcTestResult result = post("/messages/batch",
				"{\"messages\":[{\"phoneNumber\":\"+905551111111\",\"content\":\"one\"},"
						+ "{\"phoneNumber\":\"+905552222222\",\"content\":\"two\"}]}");

		assertThat(result).hasStatus(HttpStatus.CREATED).bodyJson().extractingPath("$.count").isEqualTo(2);
		List<String> ids = JsonPath.read(bodyOf(result), "$.ids");
		assertThat(this.store.findAllById(ids)).extracting(Message::content).containsExactly("one", "two");
	}

	@Test
	void batchWithOneBadMessageStoresNothing() {
		long before = total();

		MvcTestResult result = post("/messages/batch",
				"{\"messages\":[{\"phoneNumber\":\"+905551111111\",\"content\":\"fine\"},"
						+ "{\"phoneNumber\":\"nope\",\"content\":\"bad\"}]}");

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors[0].field")
			.isEqualTo("messages[1].phoneNumber");
		assertThat(total()).isEqualTo(before);
	}

	@Test
	void batchOverTheLimitIsRefused() {
		StringBuilder body = new StringBuilder("{\"messages\":[");
		for (int i = 0; i < 1001; i++) {
			body.append(i == 0 ? "" : ",").append("{\"phoneNumber\":\"+905551111111\",\"content\":\"x\"}");
		}
		body.append("]}");

		assertThat(post("/messages/batch", body.toString())).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.error")
			.asString()
			.contains("at most 1000");
	}

	@Test
	void sameIdempotencyKeyReturnsTheOriginalAndStoresNothingNew() {
		String body = "{\"phoneNumber\":\"+905551111111\",\"content\":\"once\"}";
		MvcTestResult first = this.mvc.post()
			.uri("/messages")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Idempotency-Key", "order-42")
			.content(body)
			.exchange();
		long afterFirst = total();

		MvcTestResult again = this.mvc.post()
			.uri("/messages")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Idempotency-Key", "order-42")
			.content(body)
			.exchange();

		assertThat(first).hasStatus(HttpStatus.CREATED);
		assertThat(again).hasStatus(HttpStatus.OK);
		String firstId = JsonPath.read(bodyOf(first), "$.id");
		assertThat(again).bodyJson().extractingPath("$.id").isEqualTo(firstId);
		assertThat(total()).isEqualTo(afterFirst);
	}

	@Test
	void sameIdempotencyKeyWithAnotherBodyIsAConflict() {
		this.mvc.post()
			.uri("/messages/batch")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Idempotency-Key", "batch-7")
			.content("{\"messages\":[{\"phoneNumber\":\"+905551111111\",\"content\":\"a\"}]}")
			.exchange();
		long before = total();

		assertThat(this.mvc.post()
			.uri("/messages/batch")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Idempotency-Key", "batch-7")
			.content("{\"messages\":[{\"phoneNumber\":\"+905551111111\",\"content\":\"b\"}]}"))
			.hasStatus(HttpStatus.CONFLICT)
			.bodyJson()
			.extractingPath("$.error")
			.asString()
			.contains("Idempotency-Key");
		assertThat(total()).isEqualTo(before);
	}

	@Test
	void unknownEndpointGetsTheCommonErrorShape() {
		assertThat(this.mvc.get().uri("/no-such-thing")).hasStatus(HttpStatus.NOT_FOUND)
			.bodyJson()
			.extractingPath("$.error")
			.asString()
			.contains("no such endpoint");
	}

	private MvcTestResult post(String uri, String json) {
		return this.mvc.post().uri(uri).contentType(MediaType.APPLICATION_JSON).content(json).exchange();
	}

	private long total() {
		return this.store.countByStatus().values().stream().mapToLong(Long::longValue).sum();
	}

	private static String bodyOf(MvcTestResult result) {
		try {
			return result.getResponse().getContentAsString();
		}
		catch (UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
