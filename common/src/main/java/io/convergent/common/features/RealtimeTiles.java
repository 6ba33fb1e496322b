package io.convergent.common.features;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;

/**
 * The wire format of {@code features.realtime}: one JSON record per subscriber and UTC day, the
 * whole tile so far (a later record replaces an earlier one, so the topic can be compacted). The
 * key is {@link #key}. Version {@value #FORMAT}; a reader refuses a format it does not know.
 *
 * <pre>{"format":1,"subscriber":"k1.…","day":"2026-11-25","figures":{"calls_out":3,…},
 *  "counterparts":"base64 of the distinct-count sketch"}</pre>
 */
public final class RealtimeTiles {

    public static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RealtimeTiles() {}

    /** The record key: subscriber and day, so compaction keeps the latest tile of each. */
    public static String key(DailyTile tile) {
        return tile.subscriber + "|" + LocalDate.ofEpochDay(tile.day);
    }

    /**
     * The record's bytes, written field by field: a tree of nodes first, then its text, was a
     * quarter of the speed view's tile task in a profile over a backlog.
     */
    public static byte[] toJson(DailyTile tile) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (JsonGenerator json = JSON.getFactory().createGenerator(bytes)) {
            json.writeStartObject();
            json.writeNumberField("format", FORMAT);
            json.writeStringField("subscriber", tile.subscriber);
            json.writeStringField("day", LocalDate.ofEpochDay(tile.day).toString());
            json.writeObjectFieldStart("figures");
            long[] values = tile.figures();
            List<String> names = DailyTile.FIGURE_COLUMNS;
            for (int i = 0; i < values.length; i++) {
                json.writeNumberField(names.get(i), values[i]);
            }
            json.writeEndObject();
            json.writeStringField(
                    "counterparts", Base64.getEncoder().encodeToString(tile.counterparts));
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads {@link #toJson}'s record.
     *
     * @throws IllegalArgumentException naming what is wrong: not JSON, another format, a missing
     *     figure or a malformed sketch
     */
    public static DailyTile fromJson(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // The original message only: Jackson's full one quotes the payload.
            throw new IllegalArgumentException(
                    "a realtime tile is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("a realtime tile is not JSON");
        }
        if (root == null || root.path("format").asInt() != FORMAT) {
            throw new IllegalArgumentException(
                    "not a realtime tile of format " + FORMAT + ": format " + root.path("format"));
        }
        String subscriber = root.path("subscriber").asText(null);
        if (subscriber == null || subscriber.isEmpty()) {
            throw new IllegalArgumentException("a realtime tile without a subscriber");
        }
        DailyTile tile;
        try {
            tile =
                    new DailyTile(
                            subscriber, LocalDate.parse(root.path("day").asText()).toEpochDay());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "a realtime tile with a bad day: " + root.path("day"));
        }
        List<String> names = DailyTile.FIGURE_COLUMNS;
        long[] values = new long[names.size()];
        JsonNode figures = root.path("figures");
        for (int i = 0; i < values.length; i++) {
            JsonNode value = figures.get(names.get(i));
            if (value == null || !value.canConvertToLong()) {
                throw new IllegalArgumentException(
                        "a realtime tile without the figure " + names.get(i));
            }
            values[i] = value.asLong();
        }
        tile.setFigures(values);
        byte[] sketch;
        try {
            sketch = Base64.getDecoder().decode(root.path("counterparts").asText(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a realtime tile with a malformed sketch");
        }
        if (sketch.length != DistinctSketch.REGISTERS) {
            throw new IllegalArgumentException(
                    "a realtime tile's sketch has "
                            + sketch.length
                            + " registers, not "
                            + DistinctSketch.REGISTERS);
        }
        tile.counterparts = sketch;
        return tile;
    }
}
