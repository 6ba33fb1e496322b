package io.convergent.infra.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * Which calls and transfers an evaluation scores: those of the history, from the end of a warm-up
 * after its start. The history is the truth's time span when its {@code summary.json} gives one (a
 * topic can hold days of other runs beside a short live one, which would otherwise all count as
 * false alarms), else everything on the topics from the earliest call decided or transfer. In the
 * warm-up the jobs are still learning (who is abroad, whom each customer knows), so its calls and
 * transfers are left out; the output says both, with how many.
 *
 * @param historyStart the start of the history (epoch ms)
 * @param warmUp how long after {@code historyStart} nothing is scored
 * @param historyEnd the last time of the history (epoch ms), {@link Long#MAX_VALUE} when the truth
 *     gives none
 */
public record ScoringWindow(long historyStart, Duration warmUp, long historyEnd) {

    /** The truth's counts, with its time span since the generator's truth format 1. */
    static final String SUMMARY = "summary.json";

    /** Where a call or transfer falls. */
    public enum Part {
        /** Outside the truth's history: another run's. */
        OUTSIDE,
        WARM_UP,
        SCORED
    }

    public ScoringWindow {
        Objects.requireNonNull(warmUp, "warmUp");
        if (warmUp.isNegative()) {
            throw new IllegalArgumentException("warmUp must not be negative, got " + warmUp);
        }
        if (historyEnd < historyStart) {
            throw new IllegalArgumentException(
                    "historyEnd must not be before historyStart, got "
                            + historyEnd
                            + " < "
                            + historyStart);
        }
    }

    /** Everything on the topics from {@code historyStart}, after {@code warmUp}. */
    public ScoringWindow(long historyStart, Duration warmUp) {
        this(historyStart, warmUp, Long.MAX_VALUE);
    }

    /**
     * The truth's time span from its {@code summary.json}; without one (a truth from before it, or
     * of no events), everything on the topics from {@code topicsStart}.
     *
     * @throws IllegalArgumentException when the summary does not read; the message names it
     */
    public static ScoringWindow of(Path truthDirectory, long topicsStart, Duration warmUp)
            throws IOException {
        Path file = truthDirectory.resolve(SUMMARY);
        if (!Files.isRegularFile(file)) {
            return new ScoringWindow(topicsStart, warmUp);
        }
        JsonNode summary;
        try {
            summary = new ObjectMapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(file + ": not JSON: " + e.getOriginalMessage());
        }
        JsonNode first = summary.get("first_event_time");
        JsonNode last = summary.get("last_event_time");
        if (first == null || last == null) {
            return new ScoringWindow(topicsStart, warmUp);
        }
        try {
            return new ScoringWindow(
                    Instant.parse(first.asText()).toEpochMilli(),
                    warmUp,
                    Instant.parse(last.asText()).toEpochMilli());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    file + ": first_event_time and last_event_time: ISO-8601 instants");
        }
    }

    /** Whether the history is the truth's time span. */
    public boolean bounded() {
        return historyEnd != Long.MAX_VALUE;
    }

    /** The first time scored (epoch ms). */
    public long scoredFrom() {
        return historyStart + warmUp.toMillis();
    }

    /** Where a call or transfer at {@code time} (epoch ms) falls. */
    public Part part(long time) {
        if (time < historyStart || time > historyEnd) {
            return Part.OUTSIDE;
        }
        return time < scoredFrom() ? Part.WARM_UP : Part.SCORED;
    }

    /** Whether a call or transfer at {@code time} (epoch ms) is scored. */
    public boolean scores(long time) {
        return part(time) == Part.SCORED;
    }

    /** Says, before any figure, what the figures leave out and why. */
    public void print(PrintStream out, ImmunityEvaluation immunity, FraudEvaluation fraud) {
        if (bounded()) {
            out.printf(
                    Locale.ROOT,
                    "History: the truth's, %s to %s (its %s); %d calls and %d transfers on the"
                            + " topics outside it not counted%n",
                    Instant.ofEpochMilli(historyStart),
                    Instant.ofEpochMilli(historyEnd),
                    SUMMARY,
                    immunity.callsOutside(),
                    fraud.transfersOutside());
        } else {
            out.printf(
                    Locale.ROOT,
                    "History: every call and transfer on the topics (no time span in the truth's"
                            + " %s: another run's on the topics would count too)%n",
                    SUMMARY);
        }
        if (warmUp.isZero()) {
            out.println("Scored: every call and transfer of the history (no warm-up)");
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
        if (scoredFrom() > historyEnd) {
            out.println(
                    "warning: the warm-up is longer than the history: nothing is scored;"
                            + " --warm-up PT0S scores everything");
        }
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
