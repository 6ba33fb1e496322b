package io.convergent.streaming.immunity.functions;

import io.convergent.common.event.PayloadScrubber;
import io.convergent.common.immunity.ImmunityRules;
import io.convergent.common.immunity.InvalidRulesException;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The immunity rules an operator decides by, kept in its broadcast state ({@link
 * CallerIdScreening#RULES_STATE}) as the bytes published, so a restored job applies exactly what it
 * ran before; parsed once per document. Until a document arrives the shipped rules apply.
 */
final class RulesInForce {

    private static final Logger LOG = LoggerFactory.getLogger(RulesInForce.class);

    /** What became of an offered document. */
    enum Outcome {
        APPLIED,
        /** Not newer than the rules in force: an old document replayed from the compacted topic. */
        IGNORED,
        /** Unusable: {@link Offer#problem()} names the field. */
        REFUSED
    }

    /**
     * @param rules the rules in force afterwards
     * @param offered the offered rules' version, or -1 when refused
     */
    record Offer(Outcome outcome, ImmunityRules rules, long offered, String problem) {}

    private byte[] document;
    private ImmunityRules rules;

    /** The rules in force when the job was submitted, or the shipped ones. */
    private final ImmunityRules atStart;

    /**
     * @param atStart the rules document in force when the job was submitted (read from {@code
     *     control.immunity} then), or null for the shipped rules: what applies until the operator's
     *     broadcast state holds a document. A job started without a checkpoint reads its input
     *     backlog and the rules topic side by side; without this, the records read before the rules
     *     would be judged by the shipped plan.
     */
    RulesInForce(byte[] atStart) {
        ImmunityRules initial = ImmunityRules.standard();
        if (atStart != null) {
            try {
                initial = ImmunityRules.fromJson(atStart);
            } catch (InvalidRulesException e) {
                LOG.warn(
                        "The immunity rules read at the job's start are refused; the shipped rules"
                                + " apply until a usable document arrives: {}",
                        PayloadScrubber.redactDigits(e.getMessage()));
            }
        }
        this.atStart = initial;
        rules = initial;
    }

    ImmunityRules read(ReadOnlyBroadcastState<String, byte[]> state) throws Exception {
        byte[] stored = state.get(ImmunityRules.CONTROL_KEY);
        if (stored != null && stored != document) {
            document = stored;
            try {
                ImmunityRules restored = ImmunityRules.fromJson(stored);
                // A newer document published while the job was down is in force already.
                rules = restored.version() >= atStart.version() ? restored : atStart;
            } catch (InvalidRulesException e) {
                // A document an earlier build accepted and this one refuses (checks only tighten):
                // thrown, it would fail every restore of the job. The rules read at the start
                // apply (the shipped ones if none was), until a usable one is published.
                rules = atStart;
                LOG.warn(
                        "The immunity rules restored from the job's state are refused by this"
                                + " build; version {} (read at the start, 0: the shipped rules)"
                                + " applies until a usable document is published on"
                                + " control.immunity: {}",
                        atStart.version(),
                        PayloadScrubber.redactDigits(e.getMessage()));
            }
        }
        return rules;
    }

    /** Applies {@code offered} if it is usable and newer than the rules in force. */
    Offer offer(byte[] offered, BroadcastState<String, byte[]> state) throws Exception {
        ImmunityRules candidate;
        try {
            candidate = ImmunityRules.fromJson(offered);
        } catch (InvalidRulesException e) {
            return new Offer(Outcome.REFUSED, read(state), -1, e.getMessage());
        }
        ImmunityRules current = read(state);
        if (candidate.version() <= current.version()) {
            if (candidate.version() == current.version()
                    && state.get(ImmunityRules.CONTROL_KEY) == null) {
                // The topic's copy of the rules read at the start: kept in state, so a restore
                // has them even if it cannot read the topic then (its offset is past them).
                state.put(ImmunityRules.CONTROL_KEY, offered);
                document = offered;
            }
            return new Offer(Outcome.IGNORED, current, candidate.version(), null);
        }
        state.put(ImmunityRules.CONTROL_KEY, offered);
        document = offered;
        rules = candidate;
        return new Offer(Outcome.APPLIED, candidate, candidate.version(), null);
    }
}
