package io.messagedispatch.dashboard;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard over HTTP with an operator token set (the settings of the operator token
 * tests, so that the two share one server): {@code /} and {@code /dashboard} lead to the
 * page, which with its script and styles loads without the token, holds no credential,
 * names nothing outside the service, and is served under a policy that runs only the
 * service's own scripts; the API behind it still needs the token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "messaging.security.operator-token=" + DashboardPageTests.TOKEN,
				"messaging.processor.initial-delay=1h", "messaging.webhook.auth-key=k" })
@AutoConfigureMockMvc
class DashboardPageTests {

	static final String TOKEN = "s3cret-operator-token-0123456789";

	private static final Pattern ADDRESS = Pattern.compile("https?://[^\\s'\"<>)]+");

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void theRootAndTheBarePathLeadToThePage() throws Exception {
		for (String path : new String[] { "/", "/dashboard" }) {
			HttpResponse<String> response = get(path);
			assertThat(response.statusCode()).as(path).isEqualTo(302);
			assertThat(response.headers().firstValue("Location")).as(path)
				.hasValueSatisfying(location -> assertThat(location).endsWith("/dashboard/"));
		}
	}

	@Test
	void thePageItsScriptAndStylesLoadWithoutATokenUnderAStrictPolicy() throws Exception {
		HttpResponse<String> page = get("/dashboard/");

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
		assertThat(page.body()).contains("<title>message-dispatch dashboard</title>", "dashboard.js", "dashboard.css");
		assertThat(page.headers().firstValue("Content-Security-Policy"))
			.contains(DashboardHeaders.CONTENT_SECURITY_POLICY);
		assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
		for (String asset : new String[] { "/dashboard/dashboard.js", "/dashboard/dashboard.css" }) {
			HttpResponse<String> response = get(asset);
			assertThat(response.statusCode()).as(asset).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Security-Policy")).as(asset).isPresent();
		}
		assertThat(get("/processor/status").statusCode()).as("the API behind it").isEqualTo(401);
	}

	@Test
	void thePageHoldsNoCredentialAndNamesNothingOutsideTheService() throws Exception {
		for (String asset : new String[] { "/dashboard/", "/dashboard/dashboard.js", "/dashboard/dashboard.css" }) {
			String body = get(asset).body();
			assertThat(body).as(asset).doesNotContain(TOKEN, "dev-auth-key");
			Matcher address = ADDRESS.matcher(body);
			while (address.find()) {
				assertThat(address.group()).as(asset + ": only the SVG namespace")
					.isEqualTo("http://www.w3.org/2000/svg");
			}
		}
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
