package io.convergent.common.immunity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.convergent.common.topic.PublishedFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * A hint for the called subscriber's phone while the call rings, as published on {@code
 * immunity.hints} (JSON, key = the subscriber's pseudonym, so one phone's hints stay in order). The
 * {@link #hintId} is derived from the call, so a consumer drops the copies an at-least-once sink
 * may repeat.
 *
 * @param subscriber pseudonym of the called subscriber
 * @param confidence how likely the label is right, 0 to 1
 */
public record ImmunityHint(
        String hintId,
        String eventId,
        String callId,
        String subscriber,
        HintLabel label,
        double confidence,
        DecisionReason reason,
        long callTime,
        long issuedAt) {

    /** The payload format this class writes. */
    public static final int FORMAT = 1;

    /**
     * The least confidence of a caller-id flag, whatever the caller's reputation: a domestic mobile
     * arriving over the international gateway may be a roaming customer of another operator, which
     * only that operator can tell.
     */
    public static final double CALLER_ID_FLAG_CONFIDENCE = 0.7;

    private static final ObjectMapper JSON = new ObjectMapper();

    public ImmunityHint {
        Objects.requireNonNull(hintId, "hintId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(subscriber, "subscriber");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(reason, "reason");
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
        }
    }

    /**
     * The hint for a call that was allowed but flagged. A caller-id flag says "possible fraud" with
     * at least {@link #CALLER_ID_FLAG_CONFIDENCE}; a poor reputation says "possible spam" with the
     * reputation's score as its confidence.
     */
    public static ImmunityHint forFlaggedCall(ImmunityDecision decision) {
        if (!decision.flagged()) {
            throw new IllegalArgumentException(
                    "only a flagged decision makes a hint, got " + decision.decisionId());
        }
        double score = decision.reputation() == null ? 0 : decision.reputation().score();
        boolean spoofingFlag = decision.layer() == ImmunityLayer.SPOOFING;
        return new ImmunityHint(
                decision.eventId() + "/hint",
                decision.eventId(),
                decision.callId(),
                decision.callee(),
                spoofingFlag ? HintLabel.POSSIBLE_FRAUD : HintLabel.POSSIBLE_SPAM,
                spoofingFlag ? Math.max(CALLER_ID_FLAG_CONFIDENCE, score) : score,
                decision.reason(),
                decision.callTime(),
                decision.decidedAt());
    }

    public byte[] toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("format", FORMAT);
        node.put("hintId", hintId);
        node.put("eventId", eventId);
        node.put("callId", callId);
        node.put("subscriber", subscriber);
        node.put("label", label.text());
        node.put("confidence", confidence);
        node.put("reason", reason.name());
        node.put("callTime", callTime);
        node.put("issuedAt", issuedAt);
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a payload written by {@link #toJson}. */
    public static ImmunityHint fromJson(byte[] payload) {
        try {
            JsonNode node = JSON.readTree(payload);
            int format = node.path("format").asInt(-1);
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown hint format " + format);
            }
            String labelText = node.get("label").asText();
            HintLabel label = null;
            for (HintLabel candidate : HintLabel.values()) {
                if (candidate.text().equals(labelText)) {
                    label = candidate;
                }
            }
            if (label == null) {
                throw new IllegalArgumentException("unknown hint label '" + labelText + "'");
            }
            return new ImmunityHint(
                    node.get("hintId").asText(),
                    node.get("eventId").asText(),
                    node.get("callId").asText(),
                    node.get("subscriber").asText(),
                    label,
                    node.get("confidence").asDouble(),
                    PublishedFields.named(node, "hint", "reason", DecisionReason.class),
                    node.get("callTime").asLong(),
                    node.get("issuedAt").asLong());
        } catch (IOException | NullPointerException e) {
            throw new IllegalArgumentException("not a hint payload", e);
        }
    }
}
