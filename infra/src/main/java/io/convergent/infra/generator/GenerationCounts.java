package io.convergent.infra.generator;

import io.convergent.common.event.InputTopic;
import io.convergent.common.event.InputTopics;
import io.convergent.common.event.schema.RejectionReason;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many records a run wrote: valid events and malformed records per topic, malformed records per
 * labelled reason, and the labelled events per kind. A snapshot; not thread-safe.
 */
public final class GenerationCounts {

    private final Map<String, long[]> byTopic = new LinkedHashMap<>();
    private final Map<String, Map<RejectionReason, Long>> malformedByReason = new TreeMap<>();
    private final Map<String, Long> labels = new TreeMap<>();
    private long firstEventTime = Long.MAX_VALUE;
    private long lastEventTime = Long.MIN_VALUE;

    GenerationCounts() {
        for (InputTopic<?> topic : InputTopics.all()) {
            byTopic.put(topic.name(), new long[2]);
        }
    }

    GenerationCounts copy() {
        GenerationCounts copy = new GenerationCounts();
        byTopic.forEach((topic, counts) -> copy.byTopic.put(topic, counts.clone()));
        malformedByReason.forEach(
                (topic, reasons) -> copy.malformedByReason.put(topic, new EnumMap<>(reasons)));
        copy.labels.putAll(labels);
        copy.firstEventTime = firstEventTime;
        copy.lastEventTime = lastEventTime;
        return copy;
    }

    void countEvent(String topic, long eventTime) {
        byTopic.get(topic)[0]++;
        firstEventTime = Math.min(firstEventTime, eventTime);
        lastEventTime = Math.max(lastEventTime, eventTime);
    }

    void countMalformed(String topic, RejectionReason reason) {
        byTopic.get(topic)[1]++;
        malformedByReason
                .computeIfAbsent(topic, t -> new EnumMap<>(RejectionReason.class))
                .merge(reason, 1L, Long::sum);
    }

    void countLabel(String kind) {
        labels.merge(kind, 1L, Long::sum);
    }

    /** Valid events written to {@code topic}. */
    public long events(String topic) {
        long[] counts = byTopic.get(topic);
        return counts == null ? 0 : counts[0];
    }

    /** Malformed records written to {@code topic}. */
    public long malformed(String topic) {
        long[] counts = byTopic.get(topic);
        return counts == null ? 0 : counts[1];
    }

    public long events() {
        return byTopic.values().stream().mapToLong(c -> c[0]).sum();
    }

    public long malformed() {
        return byTopic.values().stream().mapToLong(c -> c[1]).sum();
    }

    /** Every record written, valid or not. */
    public long records() {
        return events() + malformed();
    }

    /** Malformed records per topic and reason. */
    public Map<String, Map<RejectionReason, Long>> malformedByReason() {
        Map<String, Map<RejectionReason, Long>> copy = new TreeMap<>();
        malformedByReason.forEach((t, r) -> copy.put(t, Map.copyOf(r)));
        return copy;
    }

    /** Labelled events per kind (the names of the truth files' rows). */
    public Map<String, Long> labels() {
        return Map.copyOf(labels);
    }

    public long label(String kind) {
        return labels.getOrDefault(kind, 0L);
    }

    /** The event time of the earliest valid event, or {@link Long#MAX_VALUE} if none. */
    public long firstEventTime() {
        return firstEventTime;
    }

    public long lastEventTime() {
        return lastEventTime;
    }

    Map<String, long[]> byTopic() {
        return byTopic;
    }
}
