package io.convergent.common.immunity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.convergent.common.event.Ingress;
import io.convergent.common.numbering.NumberCategory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * One call's decision, as published on {@code immunity.decisions} (JSON, key = call id) and kept in
 * {@code immunity_decisions}. Every screened call gets one, so the network can wait for it; the
 * {@link #decisionId} is derived from the event, so a consumer drops the copies an at-least-once
 * sink may repeat after a restart.
 *
 * <p>Numbers appear only as pseudonyms.
 *
 * @param reason {@code null} for a call nothing was found against
 * @param caller the pseudonym of the presented A-number; {@code null} when it was withheld
 * @param callee the pseudonym of the B-number
 * @param callTime call setup time, epoch ms
 * @param decidedAt when the decision was made, epoch ms (for latency, not part of its identity)
 * @param reputation the caller's reputation the decision took into account; {@code null} when the
 *     caller id itself was blocked (a forged number's reputation is its victim's) or before the
 *     reputation layer has seen the call
 */
public record ImmunityDecision(
        String decisionId,
        String eventId,
        String callId,
        CallAction action,
        DecisionReason reason,
        String caller,
        String callee,
        NumberCategory callerCategory,
        Ingress ingress,
        long callTime,
        long decidedAt,
        CallerReputation reputation) {

    /** The payload format this class writes. */
    public static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    public ImmunityDecision {
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(action, "action");
        if ((caller == null) != (callerCategory == NumberCategory.WITHHELD)) {
            throw new IllegalArgumentException(
                    "a caller is absent exactly when it was withheld, got "
                            + caller
                            + " for "
                            + callerCategory);
        }
        Objects.requireNonNull(callee, "callee");
        Objects.requireNonNull(callerCategory, "callerCategory");
        Objects.requireNonNull(ingress, "ingress");
        if (action == CallAction.BLOCK && reason == null) {
            throw new IllegalArgumentException("a block needs a reason");
        }
    }

    /** The caller-id layer's decision on a call. */
    public static ImmunityDecision ofCallerId(
            String eventId,
            String callId,
            CallerIdAssessment assessment,
            String caller,
            String callee,
            NumberCategory callerCategory,
            Ingress ingress,
            long callTime,
            long decidedAt) {
        return new ImmunityDecision(
                eventId + "/caller-id",
                eventId,
                callId,
                assessment.action(),
                assessment.reason(),
                caller,
                callee,
                callerCategory,
                ingress,
                callTime,
                decidedAt,
                null);
    }

    /**
     * A call whose caller withheld the number: allowed, with nothing against it, since there is no
     * number to check or to keep a reputation for. The fraud patterns still see it as a call from a
     * stranger.
     */
    public static ImmunityDecision ofWithheldCaller(
            String eventId,
            String callId,
            String callee,
            Ingress ingress,
            long callTime,
            long decidedAt) {
        return new ImmunityDecision(
                eventId + "/caller-id",
                eventId,
                callId,
                CallAction.ALLOW,
                null,
                null,
                callee,
                NumberCategory.WITHHELD,
                ingress,
                callTime,
                decidedAt,
                null);
    }

    /**
     * This caller-id decision completed by the caller's reputation, which is what is published. A
     * caller-id block stands as it is. Otherwise a mass dialler or a much-complained-about number
     * is blocked; a caller-id flag stays a flag; and a call from a poorly reputed number to a
     * callee it has not called lately is allowed with {@link DecisionReason#POOR_REPUTATION}, so
     * the phone shows a hint.
     *
     * @param newCallee whether the caller had not called this callee lately
     */
    public ImmunityDecision withReputation(
            CallerReputation callerReputation,
            ReputationThresholds thresholds,
            boolean newCallee,
            long decisionTime) {
        Objects.requireNonNull(callerReputation, "callerReputation");
        if (action == CallAction.BLOCK) {
            return this;
        }
        DecisionReason block = callerReputation.blockReason(thresholds);
        CallAction finalAction = block == null ? CallAction.ALLOW : CallAction.BLOCK;
        DecisionReason finalReason = block;
        if (block == null) {
            if (reason != null) {
                finalReason = reason;
            } else if (newCallee && callerReputation.warrantsHint(thresholds)) {
                finalReason = DecisionReason.POOR_REPUTATION;
            }
        }
        return new ImmunityDecision(
                decisionId,
                eventId,
                callId,
                finalAction,
                finalReason,
                caller,
                callee,
                callerCategory,
                ingress,
                callTime,
                decisionTime,
                callerReputation);
    }

    /** The layer that decided, or {@code null} when nothing was found. */
    public ImmunityLayer layer() {
        return reason == null ? null : reason.layer();
    }

    /** Allowed with a reason: the callee should see a hint. */
    public boolean flagged() {
        return action == CallAction.ALLOW && reason != null;
    }

    public byte[] toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("format", FORMAT);
        node.put("decisionId", decisionId);
        node.put("eventId", eventId);
        node.put("callId", callId);
        node.put("action", action.name());
        node.put("flagged", flagged());
        node.put("layer", reason == null ? null : reason.layer().name());
        node.put("reason", reason == null ? null : reason.name());
        node.put("explanation", reason == null ? null : reason.description());
        node.put("caller", caller);
        node.put("callee", callee);
        node.put("callerCategory", callerCategory.name());
        node.put("ingress", ingress.name());
        node.put("callTime", callTime);
        node.put("decidedAt", decidedAt);
        if (reputation != null) {
            ObjectNode rep = node.putObject("reputation");
            rep.put("score", reputation.score());
            ArrayNode signals = rep.putArray("signals");
            reputation.signals().forEach(signal -> signals.add(signal.name()));
            ReputationFeatures f = reputation.features();
            ObjectNode features = rep.putObject("features");
            features.put("attempts1h", f.attempts1h());
            features.put("newCallees1h", f.newCallees1h());
            features.put("answerRatio1h", f.answerRatio1h());
            features.put("sequentialShare1h", f.sequentialShare1h());
            features.put("attempts24h", f.attempts24h());
            features.put("newCallees24h", f.newCallees24h());
            features.put("answerRatio24h", f.answerRatio24h());
            features.put("shortCallShare24h", f.shortCallShare24h());
            features.put("meanTalkSeconds24h", f.meanTalkSeconds24h());
            features.put("nightShare24h", f.nightShare24h());
            features.put("complaints24h", f.complaints24h());
            features.put("daysSinceMassDialling", f.daysSinceMassDialling());
        }
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a payload written by {@link #toJson}, for consumers and evaluation. */
    public static ImmunityDecision fromJson(byte[] payload) {
        try {
            JsonNode node = JSON.readTree(payload);
            int format = node.path("format").asInt(-1);
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown decision format " + format);
            }
            JsonNode reason = node.get("reason");
            return new ImmunityDecision(
                    node.get("decisionId").asText(),
                    node.get("eventId").asText(),
                    node.get("callId").asText(),
                    CallAction.valueOf(node.get("action").asText()),
                    reason == null || reason.isNull()
                            ? null
                            : DecisionReason.valueOf(reason.asText()),
                    node.get("caller") == null || node.get("caller").isNull()
                            ? null
                            : node.get("caller").asText(),
                    node.get("callee").asText(),
                    NumberCategory.valueOf(node.get("callerCategory").asText()),
                    Ingress.valueOf(node.get("ingress").asText()),
                    node.get("callTime").asLong(),
                    node.get("decidedAt").asLong(),
                    reputationOf(node.get("reputation")));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a decision payload", e);
        }
    }

    private static CallerReputation reputationOf(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        int mask = 0;
        for (JsonNode signal : node.path("signals")) {
            mask |= 1 << ReputationSignal.valueOf(signal.asText()).ordinal();
        }
        JsonNode f = node.path("features");
        return new CallerReputation(
                node.path("score").asDouble(),
                mask,
                new ReputationFeatures(
                        f.path("attempts1h").asDouble(),
                        f.path("newCallees1h").asDouble(),
                        f.path("answerRatio1h").asDouble(),
                        f.path("sequentialShare1h").asDouble(),
                        f.path("attempts24h").asDouble(),
                        f.path("newCallees24h").asDouble(),
                        f.path("answerRatio24h").asDouble(),
                        f.path("shortCallShare24h").asDouble(),
                        f.path("meanTalkSeconds24h").asDouble(),
                        f.path("nightShare24h").asDouble(),
                        f.path("complaints24h").asDouble(),
                        f.path("daysSinceMassDialling").asDouble(-1)));
    }
}
