package io.convergent.infra.evaluate;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Which calls and transfers an evaluation scores: those from the end of a warm-up after the start
 * of the history. In the warm-up the jobs are still learning (who is abroad, whom each customer
 * knows), so its calls and transfers are left out, and the output says so with how many.
 *
 * @param historyStart the earliest call decided or transfer made on the topics (epoch ms)
 * @param warmUp how long after {@code historyStart} nothing is scored
 */
public record ScoringWindow(long historyStart, Duration warmUp) {

    public ScoringWindow {
        Objects.requireNonNull(warmUp, "warmUp");
        if (warmUp.isNegative()) {
            throw new IllegalArgumentException("warmUp must not be negative, got " + warmUp);
        }
    }

    /** The first time scored (epoch ms). */
    public long scoredFrom() {
        return historyStart + warmUp.toMillis();
    }

    /** Whether a call or transfer at {@code time} (epoch ms) is scored. */
    public boolean scores(long time) {
        return time >= scoredFrom();
    }

    /** Says, before any figure, what the figures leave out and why. */
    public void print(PrintStream out, ImmunityEvaluation immunity, FraudEvaluation fraud) {
        if (warmUp.isZero()) {
            out.println("Scored: every call and transfer on the topics (no warm-up)");
            return;
        }
        out.printf(
                Locale.ROOT,
                "Not scored: the first %s of the history (%s to %s), a warm-up while the jobs"
                        + " learn who is abroad and whom each customer knows (--warm-up PT0S"
                        + " scores everything): %d calls (%d spoofed) and %d transfers"
                        + " (%d fraudulent) left out%n",
                readable(warmUp),
                Instant.ofEpochMilli(historyStart),
                Instant.ofEpochMilli(scoredFrom()),
                immunity.callsLeftOut(),
                immunity.spoofedLeftOut(),
                fraud.transfersLeftOut(),
                fraud.fraudulentLeftOut());
    }

    /** "24 h", "90 min", else ISO-8601. */
    static String readable(Duration duration) {
        if (duration.toMinutesPart() == 0
                && duration.toSecondsPart() == 0
                && duration.toMillisPart() == 0) {
            return duration.toHours() + " h";
        }
        if (duration.toSecondsPart() == 0 && duration.toMillisPart() == 0) {
            return duration.toMinutes() + " min";
        }
        return duration.toString();
    }
}
