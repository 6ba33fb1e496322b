package io.convergent.streaming.immunity.fraud;

import io.convergent.common.fraud.FraudPattern;
import io.convergent.streaming.immunity.fraud.SubscriberEvent.Kind;
import java.time.Duration;
import java.util.List;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * The CEP patterns of {@link FraudPattern}, each bounded by its {@code within} so a partial match
 * never outlives the time the scheme takes (and CEP's state stays bounded). Events are in the order
 * their records can exist ({@link SubscriberEvent#knownAt()}): a call counts from its release.
 */
public final class FraudPatterns {

    /** A received call this long or longer is "long" (the fake officer talks for 10–40 min). */
    public static final long LONG_CALL_MILLIS = 10 * 60_000L;

    /**
     * How long a call may still go on after a transfer made during it, for the transfer to be
     * signalled when the call's record arrives: longer than any fake officer's call we know of.
     */
    public static final Duration LONGEST_CALL = Duration.ofHours(2);

    /** The name of the step of every pattern that is the transfer the signal is about. */
    public static final String TRANSFER = "transfer";

    /**
     * One CEP pattern that detects (part of) a {@link FraudPattern}.
     *
     * @param name what this variant looks for; empty for a fraud pattern's only or main variant
     */
    public record Variant(String name, Pattern<SubscriberEvent, ?> pattern) {}

    private FraudPatterns() {}

    /**
     * The CEP patterns that together detect {@code pattern}. A match of any of them is a signal
     * about its transfer, with the same signal id; the job passes each id on once ({@link
     * io.convergent.streaming.runtime.FirstPerKey}).
     */
    public static List<Variant> of(FraudPattern pattern) {
        return switch (pattern) {
            case SUSPICIOUS_CALL_THEN_TRANSFER ->
                    List.of(
                            new Variant(
                                    "",
                                    Pattern.<SubscriberEvent>begin("call", everyTransfer())
                                            .where(
                                                    SimpleCondition.of(
                                                            FraudPatterns::isSuspiciousCall))
                                            .followedByAny(TRANSFER)
                                            .where(new TransferAfter("call"))
                                            .within(pattern.within())),
                            // The victim often transfers while the officer is still talking: the
                            // call's record, written when it ends, then comes after the transfer.
                            // Every transfer the call was under way for is signalled.
                            new Variant(
                                    "transfer during the call",
                                    Pattern.<SubscriberEvent>begin(
                                                    TRANSFER, AfterMatchSkipStrategy.noSkip())
                                            .where(SimpleCondition.of(FraudPatterns::isTransfer))
                                            .followedBy("call")
                                            .where(new SuspiciousCallUnderWayAtTransfer())
                                            .within(LONGEST_CALL)));
            case SIM_SWAP_TAKEOVER ->
                    List.of(
                            new Variant(
                                    "",
                                    Pattern.<SubscriberEvent>begin("swap", everyTransfer())
                                            .where(SimpleCondition.of(e -> e.is(Kind.SIM_SWAP)))
                                            .followedBy("login")
                                            .where(
                                                    SimpleCondition.of(
                                                            e -> e.is(Kind.NEW_DEVICE_LOGIN)))
                                            .followedByAny(TRANSFER)
                                            .where(new TransferAfter("swap", "login"))
                                            .within(pattern.within())));
            case FORWARDING_THEN_TRANSFER ->
                    List.of(
                            new Variant(
                                    "",
                                    Pattern.<SubscriberEvent>begin("forwarding", everyTransfer())
                                            .where(
                                                    SimpleCondition.of(
                                                            e -> e.is(Kind.CALL_FORWARDING_ON)))
                                            // Switched off again: the bank's call-back reaches
                                            // the subscriber once more.
                                            .notFollowedBy("off")
                                            .where(
                                                    SimpleCondition.of(
                                                            e -> e.is(Kind.CALL_FORWARDING_OFF)))
                                            .followedByAny(TRANSFER)
                                            .where(new TransferAfter("forwarding"))
                                            .within(pattern.within())));
        };
    }

    /** A long received call from a number the subscriber had not been in touch with lately. */
    static boolean isSuspiciousCall(SubscriberEvent e) {
        return e.is(Kind.INBOUND_CALL)
                && e.unknownCounterpart()
                && e.durationMillis() >= LONG_CALL_MILLIS;
    }

    static boolean isTransfer(SubscriberEvent e) {
        return e.is(Kind.TRANSFER_TO_NEW_BENEFICIARY);
    }

    /**
     * How a trigger goes on after its first match: it stays armed for every later transfer within
     * the window ({@code followedByAny} on the transfer, and no partial match skipped), since the
     * scheme moves the savings in several transfers and each is held. A transfer that more than one
     * trigger matches has one signal id, passed on once.
     */
    private static AfterMatchSkipStrategy everyTransfer() {
        return AfterMatchSkipStrategy.noSkip();
    }

    /**
     * A transfer made after the earlier steps' events could be known (a call's release, a swap,
     * forwarding switched on), by its own time, not by its place in the stream: one that arrived
     * late is stamped on arrival ({@link StampedWhenKnown}) and may come after a step that happened
     * after it.
     */
    private static final class TransferAfter extends IterativeCondition<SubscriberEvent> {

        private static final long serialVersionUID = 1L;

        private final String[] steps;

        TransferAfter(String... steps) {
            this.steps = steps.clone();
        }

        @Override
        public boolean filter(SubscriberEvent transfer, Context<SubscriberEvent> ctx)
                throws Exception {
            if (!isTransfer(transfer)) {
                return false;
            }
            for (String step : steps) {
                for (SubscriberEvent before : ctx.getEventsForPattern(step)) {
                    if (before.knownAt() > transfer.time()) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    /**
     * A suspicious call that had started by the time of the matched transfer (it comes after the
     * transfer, so it ended after it).
     */
    private static final class SuspiciousCallUnderWayAtTransfer
            extends IterativeCondition<SubscriberEvent> {

        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(SubscriberEvent call, Context<SubscriberEvent> ctx) throws Exception {
            if (!isSuspiciousCall(call)) {
                return false;
            }
            for (SubscriberEvent transfer : ctx.getEventsForPattern(TRANSFER)) {
                if (call.time() <= transfer.time()) {
                    return true;
                }
            }
            return false;
        }
    }
}
