package io.messagedispatch.provider.http;

import java.net.URI;

import io.messagedispatch.provider.WebhookProperties;
import io.messagedispatch.settings.InvalidSettingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.context.WebApplicationContext;

/**
 * The URL messages go to: the configured webhook, or the built-in mock provider of this
 * very process (whose port is known only once the web server is up). Without either the
 * service refuses to start.
 */
@Component
public class WebhookTarget {

	private static final Logger log = LoggerFactory.getLogger(WebhookTarget.class);

	static final String MOCK_PATH = "/mock-provider/messages";

	private volatile URI uri;

	public WebhookTarget(WebhookProperties properties, Environment environment, boolean webServer) {
		if (properties.hasUrl()) {
			this.uri = URI.create(properties.url());
		}
		else if (!environment.getProperty("messaging.mock-provider.enabled", Boolean.class, false)) {
			throw new InvalidSettingException("messaging.webhook.url (WEBHOOK_URL)",
					"is required when the built-in mock provider is off (messaging.mock-provider.enabled=false)");
		}
		else if (!webServer) {
			throw new InvalidSettingException("messaging.webhook.url (WEBHOOK_URL)",
					"is required without a web server (cron mode), since the built-in mock provider needs one");
		}
	}

	@Autowired
	WebhookTarget(WebhookProperties properties, Environment environment, ApplicationContext context) {
		this(properties, environment, context instanceof WebApplicationContext);
	}

	@EventListener
	void onWebServerStarted(WebServerInitializedEvent event) {
		if (this.uri == null && event.getApplicationContext().getServerNamespace() == null) {
			this.uri = URI.create("http://127.0.0.1:" + event.getWebServer().getPort() + MOCK_PATH);
			log.info("No WEBHOOK_URL set: sending to the built-in mock provider at {}", this.uri);
		}
	}

	public URI uri() {
		URI current = this.uri;
		if (current == null) {
			throw new IllegalStateException("The built-in mock provider is not listening yet");
		}
		return current;
	}

}
