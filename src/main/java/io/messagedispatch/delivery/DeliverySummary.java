package io.messagedispatch.delivery;

/**
 * How the sent messages fared on their way to the phone, as the provider reported it.
 *
 * @param delivered sent messages reported {@code delivered}
 * @param undelivered sent messages reported {@code undelivered}
 * @param failed sent messages reported {@code failed}
 * @param awaitingReport sent messages with no report yet
 * @param deliveredShare {@code delivered} out of the sent messages with a report, from 0
 * to 1; null while none has one
 */
public record DeliverySummary(long delivered, long undelivered, long failed, long awaitingReport,
		Double deliveredShare) {

	static DeliverySummary of(long delivered, long undelivered, long failed, long awaitingReport) {
		long reported = delivered + undelivered + failed;
		return new DeliverySummary(delivered, undelivered, failed, awaitingReport,
				(reported == 0) ? null : (double) delivered / reported);
	}

}
