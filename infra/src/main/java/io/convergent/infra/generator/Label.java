package io.convergent.infra.generator;

import java.util.Objects;

/**
 * The ground truth attached to a generated event: what it really is. Labels travel with events to
 * the point of emission and are written to the truth files only for events actually written, so the
 * answer key never names an event the topics do not hold.
 */
sealed interface Label
        permits Label.SpamCall,
                Label.BulkCall,
                Label.SpoofedCall,
                Label.SocialEngineeringCall,
                Label.FraudTransfer,
                Label.SimSwap,
                Label.PortOut {

    /** A call by a mass dialler. */
    record SpamCall(String callerNumber) implements Label {
        public SpamCall {
            Objects.requireNonNull(callerNumber, "callerNumber");
        }

        @Override
        public String toString() {
            return "SpamCall"; // the number stays out of logs and messages
        }
    }

    /** A call by a legitimate high-volume caller: not spam, though it looks busy. */
    record BulkCall(String callerNumber) implements Label {
        public BulkCall {
            Objects.requireNonNull(callerNumber, "callerNumber");
        }

        @Override
        public String toString() {
            return "BulkCall";
        }
    }

    /** A call with a forged caller id. */
    record SpoofedCall(SpoofKind kind) implements Label {
        public SpoofedCall {
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** The fake bank officer's call; {@code spoofKind} is {@code null} when the id is genuine. */
    record SocialEngineeringCall(SpoofKind spoofKind) implements Label {}

    /** A transfer the customer would not have made but for the fraud. */
    record FraudTransfer(FraudScenario scenario, String leadEventId) implements Label {
        public FraudTransfer {
            Objects.requireNonNull(scenario, "scenario");
            Objects.requireNonNull(leadEventId, "leadEventId");
        }
    }

    /** A SIM swap, fraudulent or a genuine replacement. */
    record SimSwap(boolean fraudulent) implements Label {}

    /** A churner's port-out request. */
    record PortOut() implements Label {}
}
