package io.convergent.streaming.immunity.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.fraud.FraudPattern;
import io.convergent.common.fraud.FraudSignal;
import io.convergent.streaming.immunity.fraud.SubscriberEvent.Kind;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.nfa.compiler.NFACompiler;
import org.apache.flink.cep.operator.CepOperator;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The fraud patterns' keyed state returns to zero once a subscriber goes quiet: every partial match
 * ends with its {@code within}, and Flink's CEP operator (2.1) then clears the subscriber's NFA,
 * which holds only its start state; earlier releases kept it for ever.
 */
class FraudPatternsStateTest {

    private static final long T0 = 1_790_000_000_000L;
    private static final long MINUTE = 60_000L;
    private static final String VICTIM = "k1.VICTIMVICTIMVICTIMVIC";

    @Test
    void aSubscribersStateIsGoneOnceEveryPartialMatchHasTimedOut() throws Exception {
        for (FraudPattern pattern : FraudPattern.values()) {
            for (FraudPatterns.Variant variant : FraudPatterns.of(pattern)) {
                try (KeyedOneInputStreamOperatorTestHarness<String, SubscriberEvent, FraudSignal>
                        harness = harness(pattern, variant, null)) {
                    // What starts each variant: a long call from a stranger, a transfer to a new
                    // beneficiary, a swap, forwarding switched on.
                    harness.processElement(starter(pattern, variant), T0);
                    harness.processWatermark(T0 + MINUTE);
                    assertThat(harness.numKeyedStateEntries())
                            .as(pattern + " " + variant.name() + " in progress")
                            .isPositive();

                    harness.processWatermark(
                            T0
                                    + 3 * MINUTE
                                    + pattern.within().toMillis()
                                    + FraudPatterns.LONGEST_CALL.toMillis());

                    assertThat(harness.numKeyedStateEntries())
                            .as(pattern + " " + variant.name() + " after its window")
                            .isZero();
                }
            }
        }
    }

    @Test
    void aMatchInProgressSurvivesARestoreAndStillCompletes() throws Exception {
        FraudPatterns.Variant main =
                FraudPatterns.of(FraudPattern.SUSPICIOUS_CALL_THEN_TRANSFER).get(0);
        OperatorSubtaskState snapshot;
        try (var harness = harness(FraudPattern.SUSPICIOUS_CALL_THEN_TRANSFER, main, null)) {
            harness.processElement(
                    new SubscriberEvent(
                            VICTIM,
                            null,
                            Kind.INBOUND_CALL,
                            "c1",
                            T0,
                            "k1.caller",
                            25 * MINUTE,
                            true),
                    T0);
            harness.processWatermark(T0 + MINUTE);
            snapshot = harness.snapshot(1L, T0 + MINUTE);
        }
        try (var restored = harness(FraudPattern.SUSPICIOUS_CALL_THEN_TRANSFER, main, snapshot)) {
            restored.processElement(transfer("t1", T0 + 30 * MINUTE), T0 + 30 * MINUTE);
            restored.processWatermark(T0 + 31 * MINUTE);

            assertThat(restored.extractOutputValues())
                    .extracting(FraudSignal::signalId)
                    .containsExactly("t1/SUSPICIOUS_CALL_THEN_TRANSFER");
        }
    }

    private static SubscriberEvent starter(FraudPattern pattern, FraudPatterns.Variant variant) {
        return switch (pattern) {
            case SUSPICIOUS_CALL_THEN_TRANSFER ->
                    variant.name().isEmpty()
                            ? new SubscriberEvent(
                                    VICTIM,
                                    null,
                                    Kind.INBOUND_CALL,
                                    "c1",
                                    T0,
                                    "k1.caller",
                                    25 * MINUTE,
                                    true)
                            : transfer("t1", T0);
            case SIM_SWAP_TAKEOVER ->
                    new SubscriberEvent(VICTIM, null, Kind.SIM_SWAP, "s1", T0, null, 0, false);
            case FORWARDING_THEN_TRANSFER ->
                    new SubscriberEvent(
                            VICTIM, null, Kind.CALL_FORWARDING_ON, "f1", T0, null, 0, false);
        };
    }

    private static SubscriberEvent transfer(String id, long time) {
        return new SubscriberEvent(
                VICTIM, "k1.customer", Kind.TRANSFER_TO_NEW_BENEFICIARY, id, time, null, 0, false);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, SubscriberEvent, FraudSignal>
            harness(
                    FraudPattern pattern,
                    FraudPatterns.Variant variant,
                    OperatorSubtaskState restoreFrom)
                    throws Exception {
        // The operator CEP.pattern(...).inEventTime().process(...) makes, as the job runs it.
        CepOperator<SubscriberEvent, String, FraudSignal> operator =
                new CepOperator<>(
                        TypeInformation.of(SubscriberEvent.class)
                                .createSerializer(new SerializerConfigImpl()),
                        false,
                        NFACompiler.compileFactory(variant.pattern(), false),
                        null,
                        variant.pattern().getAfterMatchSkipStrategy(),
                        new SignalOnMatch(pattern),
                        null);
        KeyedOneInputStreamOperatorTestHarness<String, SubscriberEvent, FraudSignal> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        operator, SubscriberEvent::subscriber, Types.STRING);
        if (restoreFrom != null) {
            harness.initializeState(restoreFrom);
        }
        harness.open();
        return harness;
    }
}
