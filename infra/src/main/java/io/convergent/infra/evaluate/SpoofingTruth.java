package io.convergent.infra.evaluate;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The spoofed calls of a generated run, from {@code spoofed_calls.csv} in its ground-truth
 * directory ({@code event_id,spoof_kind,time}): every call whose caller id was forged, including
 * the fake bank officers' forged ones.
 *
 * @param kindByEventId the kind of forgery of each spoofed call
 * @param timeByEventId the time of each spoofed call (epoch ms), where the truth gives it
 */
public record SpoofingTruth(Map<String, String> kindByEventId, Map<String, Long> timeByEventId) {

    public static final String FILE = "spoofed_calls.csv";
    private static final String HEADER = "event_id,spoof_kind,time";

    public SpoofingTruth {
        kindByEventId = Map.copyOf(Objects.requireNonNull(kindByEventId, "kindByEventId"));
        timeByEventId = Map.copyOf(Objects.requireNonNull(timeByEventId, "timeByEventId"));
    }

    /** Spoofed calls with no times. */
    public SpoofingTruth(Map<String, String> kindByEventId) {
        this(kindByEventId, Map.of());
    }

    /**
     * Reads the directory's spoofed calls.
     *
     * @throws IllegalArgumentException when the file is missing or not in the expected form; the
     *     message names the file and line
     */
    public static SpoofingTruth read(Path truthDirectory) throws IOException {
        Path file = truthDirectory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "no " + FILE + " in " + truthDirectory + ": is it a generator's --truth dir?");
        }
        Map<String, String> kinds = new HashMap<>();
        Map<String, Long> times = new HashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (!HEADER.equals(header)) {
                throw new IllegalArgumentException(file + ":1: expected header '" + HEADER + "'");
            }
            String line;
            int number = 1;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != 3 || cells[0].isBlank()) {
                    throw new IllegalArgumentException(
                            file + ":" + number + ": expected event_id,spoof_kind,time");
                }
                kinds.put(cells[0], cells[1]);
                try {
                    times.put(cells[0], Instant.parse(cells[2]).toEpochMilli());
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(
                            file + ":" + number + ": time '" + cells[2] + "' is not ISO-8601 UTC");
                }
            }
        }
        return new SpoofingTruth(kinds, times);
    }

    public boolean spoofed(String eventId) {
        return kindByEventId.containsKey(eventId);
    }
}
