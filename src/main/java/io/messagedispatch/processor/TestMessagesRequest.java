package io.messagedispatch.processor;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import io.messagedispatch.message.MessageRules;

/**
 * The body of {@code POST /processor/test-messages}, read strictly: a count that is not a
 * whole number in range, or a failure rate outside 0 to 1, is refused rather than
 * rounded, as an unknown field is.
 *
 * @param count how many test messages to enqueue, 1 to
 * {@value TestMessageController#MAX_COUNT}
 * @param failureRate the share of them (0 to 1) the mock provider is to refuse; 0 when
 * absent
 */
record TestMessagesRequest(BigDecimal count, BigDecimal failureRate) {

	private static final int MAX_RATE_DECIMALS = 6;

	/** The request as checked: how many, and how many of them are to fail. */
	Checked check() {
		List<MessageRules.Violation> violations = new ArrayList<>();
		int checkedCount = 0;
		if (this.count == null) {
			violations.add(new MessageRules.Violation("count", "is required"));
		}
		else if (this.count.stripTrailingZeros().scale() > 0 || this.count.compareTo(BigDecimal.ONE) < 0
				|| this.count.compareTo(BigDecimal.valueOf(TestMessageController.MAX_COUNT)) > 0) {
			violations.add(new MessageRules.Violation("count",
					"must be a whole number from 1 to " + TestMessageController.MAX_COUNT));
		}
		else {
			checkedCount = this.count.intValueExact();
		}
		BigDecimal rate = (this.failureRate != null) ? this.failureRate : BigDecimal.ZERO;
		if (rate.compareTo(BigDecimal.ZERO) < 0 || rate.compareTo(BigDecimal.ONE) > 0) {
			violations.add(new MessageRules.Violation("failureRate", "must be from 0 to 1"));
		}
		else if (rate.stripTrailingZeros().scale() > MAX_RATE_DECIMALS) {
			// 1e-1000000000 is within range, and rounding it would take minutes
			violations
				.add(new MessageRules.Violation("failureRate", "must have at most " + MAX_RATE_DECIMALS + " decimals"));
		}
		if (!violations.isEmpty()) {
			throw new TestMessagesRejectedException(violations);
		}
		int failing = rate.multiply(BigDecimal.valueOf(checkedCount)).setScale(0, RoundingMode.HALF_UP).intValueExact();
		return new Checked(checkedCount, failing);
	}

	/**
	 * @param count how many test messages to enqueue
	 * @param failing how many of them the mock provider is to refuse
	 */
	record Checked(int count, int failing) {

	}

}
