package io.convergent.common.scores;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.convergent.common.event.PayloadScrubber;
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
 *  "publishedAt":1790000000000,"scores":{"port_out_14d":0.12,…},
 *  "features":{"top_ups_30d":2.0,…}}</pre>
 *
 * The merged window features the scores were computed from travel with them, so a consumer (the
 * campaign job's eligibility) reads the same view the scores came from. Older records without
 * {@code features} read as having none.
 */
public record RealtimeScores(
        String subscriber,
        LocalDate asOfDay,
        long batchView,
        long publishedAt,
        Map<String, Double> scores,
        Map<String, Double> features) {

    public static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    public RealtimeScores {
        Objects.requireNonNull(subscriber, "subscriber");
        Objects.requireNonNull(asOfDay, "asOfDay");
        scores = Map.copyOf(scores);
        features = features == null ? Map.of() : Map.copyOf(features);
    }

    /** Scores without the features they came from. */
    public RealtimeScores(
            String subscriber,
            LocalDate asOfDay,
            long batchView,
            long publishedAt,
            Map<String, Double> scores) {
        this(subscriber, asOfDay, batchView, publishedAt, scores, Map.of());
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
        if (!features.isEmpty()) {
            ObjectNode featureValues = root.putObject("features");
            new java.util.TreeMap<>(features).forEach(featureValues::put);
        }
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
            // The format found is not quoted: a reason names the problem, never a value.
            throw new IllegalArgumentException("not realtime scores of format " + FORMAT);
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
        return new RealtimeScores(
                subscriber,
                day,
                root.path("batchView").asLong(),
                root.path("publishedAt").asLong(),
                numbers(root.path("scores"), "score"),
                numbers(root.path("features"), "feature"));
    }

    private static Map<String, Double> numbers(JsonNode node, String what) {
        Map<String, Double> values = new LinkedHashMap<>();
        node.fields()
                .forEachRemaining(
                        e -> {
                            if (!e.getValue().isNumber()) {
                                // The name is a model's or a feature's; a producer's mistake
                                // may put a number there, so its digits are masked.
                                throw new IllegalArgumentException(
                                        "realtime "
                                                + what
                                                + " of "
                                                + PayloadScrubber.redactDigits(e.getKey())
                                                + " is not a number");
                            }
                            values.put(e.getKey(), e.getValue().asDouble());
                        });
        return values;
    }
}
