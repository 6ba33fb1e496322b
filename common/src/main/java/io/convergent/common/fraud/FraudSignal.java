package io.convergent.common.fraud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.convergent.common.topic.PublishedFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A fraud signal for the bank's antifraud, as published on {@code bank.fraud-signals} (JSON, key =
 * the customer's pseudonym) and kept in {@code fraud_signals}: which transfer, which pattern led to
 * it, how risky, what to do, and the events that make the case. The {@link #signalId} is derived
 * from the transfer and the pattern, so the bank drops the copies an at-least-once sink or a second
 * match of the same pattern may repeat.
 *
 * @param customer the pseudonym of the bank's customer number
 * @param subscriber the pseudonym of the customer's phone number
 * @param transferEventId the transfer the signal is about
 * @param evidence the matched events, first to last (the transfer last); an array, not a list, so
 *     the record travels through Flink as a POJO
 */
public record FraudSignal(
        String signalId,
        String customer,
        String subscriber,
        FraudPattern pattern,
        String transferEventId,
        FraudEvidence[] evidence,
        long transferTime,
        long detectedAt) {

    /** The payload format this class writes. */
    public static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    public FraudSignal {
        Objects.requireNonNull(signalId, "signalId");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(subscriber, "subscriber");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(transferEventId, "transferEventId");
        evidence = evidence.clone();
        if (evidence.length == 0) {
            throw new IllegalArgumentException("a signal needs its evidence");
        }
    }

    public static FraudSignal of(
            FraudPattern pattern,
            String customer,
            String subscriber,
            List<FraudEvidence> evidence,
            long detectedAt) {
        if (evidence.isEmpty()) {
            throw new IllegalArgumentException("a signal needs its evidence");
        }
        FraudEvidence transfer = evidence.get(evidence.size() - 1);
        return new FraudSignal(
                transfer.eventId() + "/" + pattern.name(),
                customer,
                subscriber,
                pattern,
                transfer.eventId(),
                evidence.toArray(FraudEvidence[]::new),
                transfer.time(),
                detectedAt);
    }

    /** The evidence, first to last. */
    @Override
    public FraudEvidence[] evidence() {
        return evidence.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FraudSignal other
                && signalId.equals(other.signalId)
                && customer.equals(other.customer)
                && subscriber.equals(other.subscriber)
                && pattern == other.pattern
                && transferEventId.equals(other.transferEventId)
                && Arrays.equals(evidence, other.evidence)
                && transferTime == other.transferTime
                && detectedAt == other.detectedAt;
    }

    @Override
    public int hashCode() {
        return Objects.hash(signalId, pattern, transferTime) * 31 + Arrays.hashCode(evidence);
    }

    @Override
    public String toString() {
        return "FraudSignal[" + signalId + ", " + Arrays.toString(evidence) + "]";
    }

    public FraudPattern.RiskLevel risk() {
        return pattern.risk();
    }

    public FraudPattern.RecommendedAction action() {
        return pattern.action();
    }

    public byte[] toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("format", FORMAT);
        node.put("signalId", signalId);
        node.put("customer", customer);
        node.put("subscriber", subscriber);
        node.put("pattern", pattern.name());
        node.put("riskLevel", pattern.risk().name());
        node.put("recommendedAction", pattern.action().name());
        node.put("explanation", pattern.description());
        node.put("transferEventId", transferEventId);
        node.put("transferTime", transferTime);
        ArrayNode steps = node.putArray("evidence");
        for (FraudEvidence e : evidence) {
            steps.addObject()
                    .put("step", e.step())
                    .put("eventId", e.eventId())
                    .put("time", e.time());
        }
        node.put("detectedAt", detectedAt);
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a payload written by {@link #toJson}, for the bank's consumers and evaluation. */
    public static FraudSignal fromJson(byte[] payload) {
        try {
            JsonNode node = JSON.readTree(payload);
            int format = node.path("format").asInt(-1);
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown fraud signal format " + format);
            }
            List<FraudEvidence> evidence = new ArrayList<>();
            for (JsonNode e : node.path("evidence")) {
                evidence.add(
                        new FraudEvidence(
                                e.get("step").asText(),
                                e.get("eventId").asText(),
                                e.get("time").asLong()));
            }
            return new FraudSignal(
                    node.get("signalId").asText(),
                    node.get("customer").asText(),
                    node.get("subscriber").asText(),
                    PublishedFields.named(node, "fraud signal", "pattern", FraudPattern.class),
                    node.get("transferEventId").asText(),
                    evidence.toArray(FraudEvidence[]::new),
                    node.get("transferTime").asLong(),
                    node.get("detectedAt").asLong());
        } catch (PublishedFields.UnknownValueException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a fraud signal payload", e);
        }
    }
}
