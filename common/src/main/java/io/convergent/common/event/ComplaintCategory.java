package io.convergent.common.event;

/** What a subscriber complained about. */
public enum ComplaintCategory {
    SPAM_CALL,
    FRAUD_CALL,
    SPAM_SMS,
    NETWORK_QUALITY,
    BILLING,
    SERVICE,
    OTHER
}
