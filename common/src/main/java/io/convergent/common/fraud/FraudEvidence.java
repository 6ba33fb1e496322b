package io.convergent.common.fraud;

import java.util.Objects;

/**
 * One event behind a fraud signal.
 *
 * @param step the pattern's name for it ({@code call}, {@code swap}, {@code login}, {@code
 *     transfer}, ...)
 * @param eventId the input event's id, to look it up in the master dataset
 * @param time its event time, epoch ms
 */
public record FraudEvidence(String step, String eventId, long time) {

    public FraudEvidence {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(eventId, "eventId");
    }
}
