package io.messagedispatch.dashboard;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.convention.TestBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real headless Chromium, driven through chromedriver, against the
 * whole service on the in-memory store with an operator token and a client key set and
 * the built-in mock provider as the target. The service's clock runs behind and jumps
 * ahead between batches of test messages, so the chart has an hour's history, and the
 * last batch is sent with the page's own form. The page asks for the token (and refuses
 * the client key), shows the counts the API has and the cluster's throughput, stops the
 * processor, requeues a failed message, shows the dry run of a bulk requeue first,
 * refreshes by itself, and looks a message up. It saves a screenshot to
 * {@code target/dashboard.png}, and with
 * {@code -Ddashboard.screenshot=docs/dashboard.png} the README's too.
 * <p>
 * It needs Debian's {@code chromium} and {@code chromium-driver} (.ci/run installs them)
 * and is skipped, saying so, only where neither binary can be found.
 */
@Tag("e2e")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "messaging.processor.initial-delay=1h", "messaging.mock-provider.report-delay=200ms",
				"messaging.mock-provider.undelivered-rate=0.1",
				"messaging.security.operator-token=" + DashboardBrowserTests.OPERATOR,
				"messaging.security.client-keys=shop:" + DashboardBrowserTests.CLIENT })
class DashboardBrowserTests {

	static final String OPERATOR = "operator-token-dashboard-5a4b3c2d";

	static final String CLIENT = "shop-key-dashboard-1f2e3d4c";

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final List<String> STATUSES = List.of("unsent", "sending", "sent", "failed", "expired", "cancelled");

	/** The service's clock: it starts 40 minutes back and jumps to now batch by batch. */
	private static final ShiftedClock clock = new ShiftedClock(Duration.ofMinutes(40));

	@TestBean
	private Clock systemClock;

	@LocalServerPort
	private int port;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	private WebDriver browser;

	private WebDriverWait wait;

	static Clock systemClock() {
		return clock;
	}

	@BeforeEach
	void openBrowser() {
		Optional<Path> chromium = executable("chromium", "chromium-browser", "google-chrome");
		Optional<Path> chromedriver = executable("chromedriver");
		Assumptions.assumeTrue(chromium.isPresent() && chromedriver.isPresent(),
				"No chromium and chromedriver binary on the PATH (Debian: apt-get install chromium chromium-driver):"
						+ " the dashboard's browser test is skipped");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium.get().toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--disable-dev-shm-usage", "--window-size=1280,1500", "--lang=en-US",
				"--force-device-scale-factor=1");
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(chromedriver.get().toFile())
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
		this.wait = new WebDriverWait(this.browser, WAIT);
		this.wait.ignoring(StaleElementReferenceException.class);
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void operatorWatchesAndOperatesTheServiceFromTheDashboard() throws Exception {
		sendHistory();

		this.browser.get(url("/"));
		WebElement tokenInput = this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-input")));
		tokenInput.sendKeys(CLIENT, Keys.ENTER);
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("token-error"), "client key"));
		this.browser.findElement(By.id("token-input")).sendKeys(OPERATOR, Keys.ENTER);
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dashboard")));
		assertThat(sessionToken()).as("kept for this tab only").isEqualTo(OPERATOR);

		sendTestMessagesWithTheForm(25, "0.2");
		JsonNode status = settled();
		waitFor(() -> "the counts the API has, " + countsOf(status) + ", shown: " + countsShown())
			.until(page -> countsShown().equals(countsOf(status)));
		assertThat(countsShown()).containsEntry("sent", status.at("/messages/sent").asLong())
			.containsEntry("delivered", status.at("/delivery/delivered").asLong());
		// the counters are written just after the messages: every test message is in them
		Map<String, Long> totals = await().atMost(WAIT)
			.until(this::throughputTotals, counted -> counted.get("sent") == status.at("/messages/sent").asLong()
					&& counted.get("failed") == status.at("/messages/failed").asLong());
		waitFor(() -> "the chart's totals " + totals + ", shown: " + text("throughput-totals"))
			.until(page -> text("throughput-sent").equals("sent " + totals.get("sent"))
					&& text("throughput-failed").equals("failed " + totals.get("failed")));
		assertThat(this.browser.findElements(By.cssSelector("#throughput-chart polyline"))).hasSize(3);
		assertThat(this.browser.findElements(By.cssSelector("#runs-body tr"))).isNotEmpty();
		screenshot();

		this.browser.findElement(By.id("stop-button")).click();
		this.wait.until(ExpectedConditions.textToBe(By.id("processor-state"), "stopped"));
		assertThat(api("GET", "/processor/status").path("running").asBoolean()).isFalse();

		WebElement firstFailed = this.wait
			.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#failed-body tr[data-id]")));
		String failedId = firstFailed.getAttribute("data-id");
		firstFailed.findElement(By.cssSelector("button.requeue")).click();
		this.wait.until(ExpectedConditions
			.numberOfElementsToBe(By.cssSelector("#failed-body tr[data-id='" + failedId + "']"), 0));
		JsonNode requeued = api("GET", "/messages/" + failedId);
		assertThat(requeued.path("status").asString()).isEqualTo("unsent");
		assertThat(requeued.path("attempts").asInt()).isZero();

		long wouldRequeue = api("POST", "/messages/requeue?dryRun=true").path("wouldRequeue").asLong();
		this.browser.findElement(By.id("requeue-all")).click();
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("requeue-all-summary"),
				wouldRequeue + " failed message(s) would be requeued"));
		this.browser.findElement(By.id("requeue-all-cancel")).click();
		assertThat(api("POST", "/messages/requeue?dryRun=true").path("wouldRequeue").asLong())
			.as("a dry run changes nothing")
			.isEqualTo(wouldRequeue);

		api("POST", "/processor/start");
		waitFor(() -> "refreshed by itself").until(ExpectedConditions.textToBe(By.id("processor-state"), "running"));

		String sentId = api("GET", "/messages?status=sent&limit=1").path(0).path("id").asString();
		WebElement lookup = this.browser.findElement(By.id("lookup-input"));
		lookup.sendKeys(sentId, Keys.ENTER);
		WebElement shown = this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("lookup-message")));
		assertThat(shown.getText()).contains(sentId, "sent").containsAnyOf("delivered at", "undelivered at");
		assertThat(this.browser.findElements(By.cssSelector("#lookup-result table tbody tr"))).isNotEmpty();
	}

	/**
	 * Four batches of test messages, eight minutes of the service's clock apart, each
	 * sent, refused and reported before the clock moves on; then the clock is at now.
	 */
	private void sendHistory() throws Exception {
		int[] counts = { 18, 30, 12, 40 };
		String[] failureRates = { "0.1", "0.2", "0.25", "0.15" };
		for (int batch = 0; batch < counts.length; batch++) {
			api("POST", "/processor/test-messages",
					"{\"count\": " + counts[batch] + ", \"failureRate\": " + failureRates[batch] + "}");
			settled();
			clock.jump(Duration.ofMinutes(8));
		}
		clock.catchUp();
	}

	private void sendTestMessagesWithTheForm(int count, String failureRate) {
		WebElement form = this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("test-messages")));
		WebElement countInput = form.findElement(By.id("test-count"));
		countInput.clear();
		countInput.sendKeys(Integer.toString(count));
		WebElement rateInput = form.findElement(By.id("test-failure-rate"));
		rateInput.clear();
		rateInput.sendKeys(failureRate);
		form.findElement(By.id("test-send")).click();
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("test-result"),
				count + " test message(s) enqueued"));
	}

	/**
	 * The status once nothing waits, nothing is being sent and every sent message has its
	 * report.
	 */
	private JsonNode settled() {
		return await().atMost(WAIT)
			.until(() -> api("GET", "/processor/status"),
					status -> status.at("/messages/unsent").asLong() == 0
							&& status.at("/messages/sending").asLong() == 0
							&& status.at("/delivery/awaitingReport").asLong() == 0);
	}

	private Map<String, Long> countsOf(JsonNode status) {
		Map<String, Long> counts = new TreeMap<>();
		STATUSES.forEach(name -> counts.put(name, status.at("/messages/" + name).asLong()));
		counts.put("scheduled", status.at("/queue/scheduled").asLong());
		counts.put("delivered", status.at("/delivery/delivered").asLong());
		counts.put("undelivered", status.at("/delivery/undelivered").asLong());
		return counts;
	}

	private Map<String, Long> countsShown() {
		Map<String, Long> counts = new TreeMap<>();
		Stream.concat(STATUSES.stream(), Stream.of("scheduled", "delivered", "undelivered")).forEach(name -> {
			String shown = text("count-" + name).replace(",", "");
			counts.put(name, shown.matches("\\d+") ? Long.parseLong(shown) : -1);
		});
		return counts;
	}

	private Map<String, Long> throughputTotals() throws Exception {
		Map<String, Long> totals = new TreeMap<>();
		for (JsonNode minute : api("GET", "/processor/throughput?minutes=60")) {
			for (String series : List.of("sent", "failed", "retried")) {
				totals.merge(series, minute.path(series).asLong(), Long::sum);
			}
		}
		return totals;
	}

	/** A wait of its own that says what it waited for when it gives up. */
	private WebDriverWait waitFor(Supplier<String> what) {
		WebDriverWait described = new WebDriverWait(this.browser, WAIT);
		described.ignoring(StaleElementReferenceException.class).withMessage(what);
		return described;
	}

	private String text(String id) {
		return this.browser.findElement(By.id(id)).getText().trim();
	}

	private String sessionToken() {
		return (String) ((ChromeDriver) this.browser)
			.executeScript("return sessionStorage.getItem('message-dispatch.operator-token')");
	}

	private void screenshot() throws IOException {
		byte[] png = ((ChromeDriver) this.browser).getScreenshotAs(OutputType.BYTES);
		Files.write(Files.createDirectories(Path.of("target")).resolve("dashboard.png"), png);
		String readme = System.getProperty("dashboard.screenshot");
		if (readme != null && !readme.isBlank()) {
			Path path = Path.of(readme);
			if (path.getParent() != null) {
				Files.createDirectories(path.getParent());
			}
			Files.write(path, png);
		}
	}

	private JsonNode api(String method, String path) throws IOException, InterruptedException {
		return api(method, path, null);
	}

	private JsonNode api(String method, String path, String body) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
			.header("Authorization", "Bearer " + OPERATOR)
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
		return this.json.readTree(response.body());
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	/**
	 * The system clock running {@code behind}, which the test shortens by jumps, so that
	 * time flows as usual between them.
	 */
	static final class ShiftedClock extends Clock {

		private volatile Duration behind;

		ShiftedClock(Duration behind) {
			this.behind = behind;
		}

		void jump(Duration ahead) {
			Duration left = this.behind.minus(ahead);
			this.behind = left.isNegative() ? Duration.ZERO : left;
		}

		void catchUp() {
			this.behind = Duration.ZERO;
		}

		@Override
		public Instant instant() {
			return Instant.now().minus(this.behind);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

	/** The first of these programs found on the PATH. */
	private static Optional<Path> executable(String... names) {
		String searchPath = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
		for (String name : names) {
			for (String directory : searchPath.split(File.pathSeparator)) {
				Path candidate = Path.of(directory, name);
				if (Files.isExecutable(candidate)) {
					return Optional.of(candidate);
				}
			}
		}
		return Optional.empty();
	}

}
