package io.messagedispatch.web;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The next page's {@code Link}: the request's path and parameters as the client sent
 * them, the cursor replaced, and nothing a {@code <...>} may not hold.
 */
class PageLinksTests {

	@Test
	void theOtherParametersAreKeptAsSentInTheirOrderAndTheCursorIsReplaced() {
		MockHttpServletRequest request = request("/messages",
				"status=failed&cursor=old&phoneNumber=%2B905551111111&%63ursor=older&limit=50&cursor");

		assertThat(PageLinks.next(request, "bmV3"))
			.isEqualTo("</messages?status=failed&phoneNumber=%2B905551111111&limit=50&cursor=bmV3>; rel=\"next\"");
	}

	@Test
	void aFirstPageWithoutParametersGetsOnlyTheCursor() {
		assertThat(PageLinks.next(request("/processor/sent-messages", null), "bmV3"))
			.isEqualTo("</processor/sent-messages?cursor=bmV3>; rel=\"next\"");
	}

	@Test
	void charactersAUriMayNotHoldArePercentEncodedAndAStrayPercentIsKept() {
		MockHttpServletRequest request = request("/messages", "client=a b>c\"&status=%zz&client=ş");

		assertThat(PageLinks.next(request, "bmV3"))
			.isEqualTo("</messages?client=a%20b%3Ec%22&status=%zz&client=%C5%9F&cursor=bmV3>; rel=\"next\"");
	}

	private static MockHttpServletRequest request(String path, String query) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		request.setQueryString(query);
		return request;
	}

}
