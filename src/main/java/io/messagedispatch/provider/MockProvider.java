package io.messagedispatch.provider;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * What the rest of the service may rely on about the built-in mock provider, so that test
 * traffic can be made for it: whether messages go to it, and the mark by which a message
 * asks it to be refused, as a real provider refuses a message it will never take.
 */
public final class MockProvider {

	/**
	 * A message whose content holds this is answered {@code 422} by the mock provider, so
	 * it fails for good.
	 */
	public static final String REFUSE_MARK = "[mock provider: refuse]";

	private MockProvider() {
	}

	/**
	 * Matches when messages go to the built-in mock provider: it is on
	 * ({@code messaging.mock-provider.enabled}, never in prod) and no
	 * {@code messaging.webhook.url} names a real provider.
	 */
	public static class IsTheTarget implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return context.getEnvironment().getProperty("messaging.mock-provider.enabled", Boolean.class, false)
					&& !StringUtils.hasText(context.getEnvironment().getProperty("messaging.webhook.url"));
		}

	}

}
