package io.convergent.common.event;

/** What a subscriber complained about. */
public enum ComplaintCategory {
    SPAM_CALL,
    FRAUD_CALL,
    SPAM_SMS,
    NETWORK_QUALITY,
    BILLING,
    SERVICE,
    OTHER;

    /**
     * Whether the complaint is about an unwanted call, and so counts against the reported number's
     * reputation (a billing complaint does not).
     */
    public boolean isAboutACaller() {
        return this == SPAM_CALL || this == FRAUD_CALL;
    }
}
