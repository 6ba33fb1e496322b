package io.convergent.common.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a duration option the same way in every part of the platform, in either of the two forms
 * its users write: Flink's ({@code 10 s}, {@code 500ms}, {@code 5 min}, {@code 2 h}, {@code 1 d}; a
 * bare number is milliseconds, as in Flink) or ISO-8601 ({@code PT30S}, {@code P1D}). The jobs'
 * options were read as the first and serving's as the second; a setting copied from one to the
 * other now means the same.
 */
public final class Durations {

    private static final Pattern AMOUNT_AND_UNIT =
            Pattern.compile("^([0-9]+)\\s*([a-zµ]*)$", Pattern.CASE_INSENSITIVE);

    private Durations() {}

    /**
     * @throws IllegalArgumentException naming {@code key} and the forms it takes
     */
    public static Duration parse(String key, String value) {
        String text = value == null ? "" : value.trim();
        try {
            // ISO-8601 may carry a sign: a negative duration is the caller's to refuse.
            if (text.regionMatches(true, 0, "P", 0, 1)
                    || text.regionMatches(true, 0, "-P", 0, 2)
                    || text.regionMatches(true, 0, "+P", 0, 2)) {
                return Duration.parse(text);
            }
            Matcher m = AMOUNT_AND_UNIT.matcher(text);
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                Duration unit = unit(m.group(2).toLowerCase(Locale.ROOT));
                if (unit != null) {
                    return unit.multipliedBy(amount);
                }
            }
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            // Refused below, with the forms that are understood.
        }
        throw new IllegalArgumentException(
                key
                        + " must be a duration such as '10 s', '500 ms', '5 min', '2 h' or PT30S,"
                        + " got '"
                        + value
                        + "'");
    }

    private static Duration unit(String unit) {
        return switch (unit) {
            case "ns", "nano", "nanos", "nanosecond", "nanoseconds" -> Duration.ofNanos(1);
            case "us", "µs", "micro", "micros", "microsecond", "microseconds" ->
                    Duration.ofNanos(1_000);
            case "", "ms", "milli", "millis", "millisecond", "milliseconds" -> Duration.ofMillis(1);
            case "s", "sec", "secs", "second", "seconds" -> Duration.ofSeconds(1);
            case "m", "min", "mins", "minute", "minutes" -> Duration.ofMinutes(1);
            case "h", "hour", "hours" -> Duration.ofHours(1);
            case "d", "day", "days" -> Duration.ofDays(1);
            default -> null;
        };
    }
}
