package io.convergent.common.scores;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A record of {@code scores.realtime}: every model's score of one subscriber over the features
 * merged from the batch and the speed view, as of a day, published when the subscriber's activity
 * moved them (key = subscriber). Format {@value #FORMAT}.
 *
 * <pre>{"format":1,"subscriber":"k1.…","asOfDay":"2026-11-25","batchView":3,
 *  "publishedAt":1790000000000,"scores":{"port_out_14d":0.12,…}}</pre>
 */
public record RealtimeScores(
        String subscriber,
        LocalDate asOfDay,
        long batchView,
        long publishedAt,
        Map<String, Double> scores) {

    public static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    public RealtimeScores {
        Objects.requireNonNull(subscriber, "subscriber");
        Objects.requireNonNull(asOfDay, "asOfDay");
        scores = Map.copyOf(scores);
    }

    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("subscriber", subscriber);
        root.put("asOfDay", asOfDay.toString());
        root.put("batchView", batchView);
        root.put("publishedAt", publishedAt);
        ObjectNode values = root.putObject("scores");
        new java.util.TreeMap<>(scores).forEach(values::put);
        return root.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Reads {@link #toJson}'s record.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static RealtimeScores fromJson(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "realtime scores are not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("realtime scores are not JSON");
        }
        if (root == null || root.path("format").asInt() != FORMAT) {
            throw new IllegalArgumentException(
                    "not realtime scores of format "
                            + FORMAT
                            + ": format "
                            + (root == null ? null : root.path("format")));
        }
        String subscriber = root.path("subscriber").asText("");
        if (subscriber.isEmpty()) {
            throw new IllegalArgumentException("realtime scores without a subscriber");
        }
        LocalDate day;
        try {
            day = LocalDate.parse(root.path("asOfDay").asText());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("realtime scores with a bad asOfDay");
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        root.path("scores")
                .fields()
                .forEachRemaining(
                        e -> {
                            if (!e.getValue().isNumber()) {
                                throw new IllegalArgumentException(
                                        "realtime score of " + e.getKey() + " is not a number");
                            }
                            scores.put(e.getKey(), e.getValue().asDouble());
                        });
        return new RealtimeScores(
                subscriber,
                day,
                root.path("batchView").asLong(),
                root.path("publishedAt").asLong(),
                scores);
    }
}
