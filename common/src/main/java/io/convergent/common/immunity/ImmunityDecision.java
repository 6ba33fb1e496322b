package io.convergent.common.immunity;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.convergent.common.event.Ingress;
import io.convergent.common.numbering.NumberCategory;
import io.convergent.common.topic.PublishedFields;
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
    private static final String KIND = "decision";

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

    /**
     * The payload on {@code immunity.decisions}. Written field by field with a streaming generator:
     * it runs once per call on the latency path, where building a JSON tree first cost most of the
     * sink's time.
     */
    public byte[] toJson() {
        ByteArrayBuilder bytes = new ByteArrayBuilder(reputation == null ? 512 : 1024);
        try (JsonGenerator json = JSON.getFactory().createGenerator(bytes)) {
            json.writeStartObject();
            json.writeNumberField("format", FORMAT);
            json.writeStringField("decisionId", decisionId);
            json.writeStringField("eventId", eventId);
            json.writeStringField("callId", callId);
            json.writeStringField("action", action.name());
            json.writeBooleanField("flagged", flagged());
            json.writeStringField("layer", reason == null ? null : reason.layer().name());
            json.writeStringField("reason", reason == null ? null : reason.name());
            json.writeStringField("explanation", reason == null ? null : reason.description());
            json.writeStringField("caller", caller);
            json.writeStringField("callee", callee);
            json.writeStringField("callerCategory", callerCategory.name());
            json.writeStringField("ingress", ingress.name());
            json.writeNumberField("callTime", callTime);
            json.writeNumberField("decidedAt", decidedAt);
            if (reputation != null) {
                writeReputation(json, reputation);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeReputation(JsonGenerator json, CallerReputation reputation)
            throws IOException {
        json.writeObjectFieldStart("reputation");
        json.writeNumberField("score", reputation.score());
        json.writeArrayFieldStart("signals");
        for (ReputationSignal signal : reputation.signals()) {
            json.writeString(signal.name());
        }
        json.writeEndArray();
        ReputationFeatures f = reputation.features();
        json.writeObjectFieldStart("features");
        json.writeNumberField("attempts1h", f.attempts1h());
        json.writeNumberField("newCallees1h", f.newCallees1h());
        json.writeNumberField("answerRatio1h", f.answerRatio1h());
        json.writeNumberField("sequentialShare1h", f.sequentialShare1h());
        json.writeNumberField("attempts24h", f.attempts24h());
        json.writeNumberField("newCallees24h", f.newCallees24h());
        json.writeNumberField("answerRatio24h", f.answerRatio24h());
        json.writeNumberField("shortCallShare24h", f.shortCallShare24h());
        json.writeNumberField("meanTalkSeconds24h", f.meanTalkSeconds24h());
        json.writeNumberField("nightShare24h", f.nightShare24h());
        json.writeNumberField("complaints24h", f.complaints24h());
        json.writeNumberField("daysSinceMassDialling", f.daysSinceMassDialling());
        json.writeEndObject();
        json.writeEndObject();
    }

    /**
     * Reads a payload written by {@link #toJson}, for consumers and evaluation.
     *
     * @throws IllegalArgumentException naming the problem when the payload is not a decision of
     *     this format; a {@link PublishedFields.UnknownValueException} when a reason, category or
     *     ingress is one this release does not know
     */
    public static ImmunityDecision fromJson(byte[] payload) {
        JsonNode node;
        try {
            node = JSON.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a decision payload", e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a decision payload: not a JSON object");
        }
        int format = node.path("format").asInt(-1);
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown decision format " + format);
        }
        return new ImmunityDecision(
                PublishedFields.text(node, KIND, "decisionId"),
                PublishedFields.text(node, KIND, "eventId"),
                PublishedFields.text(node, KIND, "callId"),
                PublishedFields.named(node, KIND, "action", CallAction.class),
                PublishedFields.optionalNamed(node, KIND, "reason", DecisionReason.class),
                PublishedFields.optionalText(node, "caller"),
                PublishedFields.text(node, KIND, "callee"),
                PublishedFields.named(node, KIND, "callerCategory", NumberCategory.class),
                PublishedFields.named(node, KIND, "ingress", Ingress.class),
                PublishedFields.longValue(node, KIND, "callTime"),
                PublishedFields.longValue(node, KIND, "decidedAt"),
                reputationOf(node.get("reputation")));
    }

    private static CallerReputation reputationOf(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        int mask = 0;
        for (JsonNode signal : node.path("signals")) {
            // A signal a later release added is a detail of the score; the score itself is read.
            ReputationSignal known =
                    PublishedFields.knownOrNull(signal.asText(), ReputationSignal.class);
            if (known != null) {
                mask |= 1 << known.ordinal();
            }
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
