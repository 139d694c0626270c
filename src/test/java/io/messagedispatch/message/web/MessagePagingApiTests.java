package io.messagedispatch.message.web;

import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import io.messagedispatch.message.Message;
import io.messagedispatch.message.Messages;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static io.messagedispatch.message.MessageBuilder.aMessage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listings over HTTP: a client follows the {@code Link} headers from the first page
 * to the last and gets every message it asked for once, newest first, with its filters
 * kept from page to page, while others are enqueued.
 */
@SpringBootTest(properties = "messaging.processor.initial-delay=1h")
@AutoConfigureMockMvc
class MessagePagingApiTests {

	private static final Pattern NEXT = Pattern.compile("<([^>]*)>; rel=\"next\"");

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private Messages store;

	@Autowired
	private MongoTemplate mongo;

	@BeforeEach
	void noMessages() {
		this.mongo.getCollection("messages").deleteMany(new Document());
	}

	@Test
	void followingTheLinkHeadersListsEveryMatchingMessageOnceNewestFirstWithTheFiltersKept() {
		Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
		List<Message> wanted = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			// three to a millisecond: pages end within one
			wanted.add(aMessage().failed("HTTP 400").createdAt(start.plusMillis(i / 3)).build());
		}
		this.store.insertAll(wanted);
		this.store
			.insertAll(List.of(aMessage().phoneNumber("+905552222222").failed("HTTP 400").createdAt(start).build(),
					aMessage().createdAt(start).build()));
		List<String> newestFirst = newestFirst(wanted);
		String first = "/messages?status=failed&phoneNumber=%2B905551111111&limit=10";

		List<MvcTestResult> pages = follow(first, page -> {
			// enqueued while the client pages: newer than every page, so on none
			this.store.insert(aMessage().failed("HTTP 400").createdAt(Instant.now()).build());
			return page;
		});

		assertThat(pages).hasSize(3);
		assertThat(pages.subList(0, 2)).allSatisfy(page -> assertThat(link(page))
			.startsWith("/messages?status=failed&phoneNumber=%2B905551111111&limit=10&cursor="));
		assertThat(pages.get(2)).doesNotContainHeader(HttpHeaders.LINK);
		assertThat(pages).extracting(page -> ids(page).size()).containsExactly(10, 10, 5);
		assertThat(pages.stream().flatMap(page -> ids(page).stream()).toList()).containsExactlyElementsOf(newestFirst);
	}

	@Test
	void aPageThatIsNotFullHasNoLink() {
		this.store.insertAll(List.of(aMessage().build(), aMessage().build()));

		assertThat(this.mvc.get().uri("/messages?limit=2")).hasStatusOk().doesNotContainHeader(HttpHeaders.LINK);
		assertThat(this.mvc.get().uri("/messages?limit=3")).hasStatusOk().doesNotContainHeader(HttpHeaders.LINK);
		assertThat(this.mvc.get().uri("/messages?limit=1")).hasStatusOk().containsHeader(HttpHeaders.LINK);
	}

	@Test
	void sentMessagesArePagedByTheirLinkHeadersInTheOldShape() {
		Instant sentAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		List<Message> sent = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			sent.add(aMessage().sent("p-" + i, sentAt.plusMillis(i / 2)).build());
		}
		this.store.insertAll(sent);
		List<String> newestFirst = sent.stream()
			.sorted(Comparator.comparing(Message::sentAt).thenComparing(m -> new ObjectId(m.id())).reversed())
			.map(Message::id)
			.toList();

		List<MvcTestResult> pages = follow("/processor/sent-messages?limit=2", Function.identity());

		assertThat(pages).extracting(page -> ids(page).size()).containsExactly(2, 2, 1);
		assertThat(pages.stream().flatMap(page -> ids(page).stream()).toList()).containsExactlyElementsOf(newestFirst);
		assertThat(body(pages.get(0))).contains("\"webhookMessageId\"", "\"sentAt\"").doesNotContain("\"attempts\"");
	}

	/** The first page and every one its Link headers lead to. */
	private List<MvcTestResult> follow(String first, Function<MvcTestResult, MvcTestResult> between) {
		List<MvcTestResult> pages = new ArrayList<>();
		String next = first;
		while (next != null) {
			MvcTestResult page = this.mvc.get().uri(URI.create(next)).exchange();
			assertThat(page).hasStatusOk();
			pages.add(between.apply(page));
			next = page.getResponse().containsHeader(HttpHeaders.LINK) ? link(page) : null;
			assertThat(pages).as("the walk ends").hasSizeLessThan(10);
		}
		return pages;
	}

	private static String link(MvcTestResult page) {
		Matcher next = NEXT.matcher(page.getResponse().getHeader(HttpHeaders.LINK));
		assertThat(next.matches()).isTrue();
		return next.group(1);
	}

	private static List<String> newestFirst(List<Message> messages) {
		return messages.stream()
			.sorted(Comparator.comparing(Message::createdAt).thenComparing(m -> new ObjectId(m.id())).reversed())
			.map(Message::id)
			.toList();
	}

	private static List<String> ids(MvcTestResult page) {
		return JsonPath.read(body(page), "$[*].id");
	}

	private static String body(MvcTestResult page) {
		try {
			return page.getResponse().getContentAsString();
		}
		catch (UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
