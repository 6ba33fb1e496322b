package io.convergent.common.fraud;

import java.time.Duration;
import java.util.Objects;

/**
 * A sequence of telecom and bank events that precedes fraud often enough for the bank to act on it:
 * what each pattern means, how risky it is, what the bank should do, and how long the sequence may
 * take (the CEP pattern's {@code within}).
 */
public enum FraudPattern {
    /**
     * A long call (10 minutes or more) from a number the subscriber had not been in touch with,
     * then, within the hour after it ends or while it is still going on, a transfer to a new
     * beneficiary: the fake bank officer talks the victim through it. A transfer during the call is
     * signalled when the call ends, as its record is written then.
     */
    SUSPICIOUS_CALL_THEN_TRANSFER(
            RiskLevel.HIGH,
            RecommendedAction.HOLD,
            Duration.ofHours(1),
            "a long call from an unknown number, then a transfer to a new beneficiary"),
    /**
     * The number moved to a new SIM, then a login from a device the bank had never seen, then a
     * transfer to a new beneficiary: the number, and with it the one-time codes, was taken over.
     */
    SIM_SWAP_TAKEOVER(
            RiskLevel.HIGH,
            RecommendedAction.HOLD,
            Duration.ofHours(24),
            "a SIM swap, then a login (or an attempt) from a new device, then a transfer to a"
                    + " new beneficiary"),
    /**
     * Calls forwarded elsewhere, then a transfer to a new beneficiary: the bank's call-back would
     * reach whoever set the forwarding.
     */
    FORWARDING_THEN_TRANSFER(
            RiskLevel.MEDIUM,
            RecommendedAction.REVIEW,
            Duration.ofHours(24),
            "call forwarding switched on, then a transfer to a new beneficiary");

    /** How likely fraud is, as the bank's antifraud ranks it. */
    public enum RiskLevel {
        MEDIUM,
        HIGH
    }

    /** What the bank should do with the transfer. */
    public enum RecommendedAction {
        /** Hold the transfer until the customer confirms it through another channel. */
        HOLD,
        /** Let it go, and have an analyst look at it. */
        REVIEW
    }

    private final RiskLevel risk;
    private final RecommendedAction action;
    private final Duration within;
    private final String description;

    FraudPattern(RiskLevel risk, RecommendedAction action, Duration within, String description) {
        this.risk = Objects.requireNonNull(risk);
        this.action = Objects.requireNonNull(action);
        this.within = Objects.requireNonNull(within);
        this.description = Objects.requireNonNull(description);
    }

    public RiskLevel risk() {
        return risk;
    }

    public RecommendedAction action() {
        return action;
    }

    /**
     * From the first event of the sequence to the transfer, at most; a call counts from its end,
     * when its record is written.
     */
    public Duration within() {
        return within;
    }

    public String description() {
        return description;
    }
}
