package io.convergent.common.risk;

/** What the bank should do with a transfer in flight, from the least to the most cautious. */
public enum TransferDecision {
    ALLOW,
    REVIEW,
    HOLD;

    /** The more cautious of the two. */
    public TransferDecision atLeast(TransferDecision other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
