package io.messagedispatch.delivery;

/**
 * What one call of the provider's did with its reports.
 *
 * @param received how many reports it carried
 * @param applied reports recorded on their message by this call
 * @param unchanged reports that changed nothing: their message already had a report of
 * the same or a later time (a repeated or an older report)
 * @param pending reports whose message is not known yet: kept, and recorded when the
 * message's send is, or forgotten after
 * {@code messaging.delivery-reports.unmatched-retention}
 */
public record ReportsReceived(int received, int applied, int unchanged, int pending) {
}
