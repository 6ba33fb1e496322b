package io.convergent.streaming.immunity.fraud;

import io.convergent.common.fraud.FraudPattern;
import io.convergent.streaming.immunity.fraud.SubscriberEvent.Kind;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * The CEP patterns of {@link FraudPattern}, each bounded by its {@code within} so a partial match
 * never outlives the time the scheme takes (and CEP's state stays bounded). After a match the
 * search resumes past its last event: one signal per transfer and pattern.
 */
public final class FraudPatterns {

    /** A received call this long or longer is "long" (the fake officer talks for 10–40 min). */
    public static final long LONG_CALL_MILLIS = 10 * 60_000L;

    /** The name of the last step of every pattern: the transfer the signal is about. */
    public static final String TRANSFER = "transfer";

    private FraudPatterns() {}

    public static Pattern<SubscriberEvent, ?> of(FraudPattern pattern) {
        return switch (pattern) {
            case SUSPICIOUS_CALL_THEN_TRANSFER ->
                    Pattern.<SubscriberEvent>begin("call", skip())
                            .where(SimpleCondition.of(FraudPatterns::isSuspiciousCall))
                            .followedBy(TRANSFER)
                            .where(SimpleCondition.of(FraudPatterns::isTransfer))
                            .within(pattern.within());
            case SIM_SWAP_TAKEOVER ->
                    Pattern.<SubscriberEvent>begin("swap", skip())
                            .where(SimpleCondition.of(e -> e.is(Kind.SIM_SWAP)))
                            .followedBy("login")
                            .where(SimpleCondition.of(e -> e.is(Kind.NEW_DEVICE_LOGIN)))
                            .followedBy(TRANSFER)
                            .where(SimpleCondition.of(FraudPatterns::isTransfer))
                            .within(pattern.within());
            case FORWARDING_THEN_TRANSFER ->
                    Pattern.<SubscriberEvent>begin("forwarding", skip())
                            .where(SimpleCondition.of(e -> e.is(Kind.CALL_FORWARDING_ON)))
                            .followedBy(TRANSFER)
                            .where(SimpleCondition.of(FraudPatterns::isTransfer))
                            .within(pattern.within());
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

    private static AfterMatchSkipStrategy skip() {
        return AfterMatchSkipStrategy.skipPastLastEvent();
    }
}
