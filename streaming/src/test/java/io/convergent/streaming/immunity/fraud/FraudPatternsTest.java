package io.convergent.streaming.immunity.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.fraud.FraudEvidence;
import io.convergent.common.fraud.FraudPattern;
import io.convergent.common.fraud.FraudSignal;
import io.convergent.streaming.immunity.fraud.SubscriberEvent.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * Each fraud pattern on Flink's local cluster, in event time: the sequences that must match, the
 * look-alikes that must not, and the {@code within} bound.
 */
class FraudPatternsTest {

    private static final long T0 = 1_790_000_000_000L;
    private static final long MINUTE = 60_000L;
    private static final String VICTIM = "k1.VICTIMVICTIMVICTIMVIC";

    @Test
    void aLongCallFromAStrangerThenATransferToANewBeneficiaryIsHeld() throws Exception {
        List<FraudSignal> signals =
                run(call("c1", T0, 25 * MINUTE, true), transfer("t1", T0 + 32 * MINUTE));

        assertThat(signals).hasSize(1);
        FraudSignal signal = signals.get(0);
        assertThat(signal.pattern()).isEqualTo(FraudPattern.SUSPICIOUS_CALL_THEN_TRANSFER);
        assertThat(signal.action()).isEqualTo(FraudPattern.RecommendedAction.HOLD);
        assertThat(signal.signalId()).isEqualTo("t1/SUSPICIOUS_CALL_THEN_TRANSFER");
        assertThat(signal.customer()).isEqualTo("k1.customer");
        assertThat(Arrays.stream(signal.evidence()).map(FraudEvidence::eventId))
                .containsExactly("c1", "t1");
    }

    @Test
    void aShortCallAKnownCallerOrATransferTooLateMakeNoSignal() throws Exception {
        assertThat(run(call("c1", T0, 3 * MINUTE, true), transfer("t1", T0 + 10 * MINUTE)))
                .isEmpty();
        assertThat(run(call("c1", T0, 25 * MINUTE, false), transfer("t1", T0 + 30 * MINUTE)))
                .isEmpty();
        assertThat(run(call("c1", T0, 25 * MINUTE, true), transfer("t1", T0 + 101 * MINUTE)))
                .isEmpty();
    }

    @Test
    void aSimSwapThenANewDeviceLoginThenATransferIsATakeover() throws Exception {
        List<FraudSignal> signals =
                run(
                        event(Kind.SIM_SWAP, "s1", T0),
                        login("l1", T0 + 40 * MINUTE),
                        transfer("t1", T0 + 70 * MINUTE));

        assertThat(signals)
                .extracting(FraudSignal::pattern)
                .containsExactly(FraudPattern.SIM_SWAP_TAKEOVER);
        assertThat(Arrays.stream(signals.get(0).evidence()).map(FraudEvidence::step))
                .containsExactly("swap", "login", "transfer");
    }

    @Test
    void aGenuineReplacementSimWithoutANewBeneficiaryIsNotFraud() throws Exception {
        assertThat(run(event(Kind.SIM_SWAP, "s1", T0), login("l1", T0 + 40 * MINUTE))).isEmpty();
        // Nor is a transfer more than a day after the swap.
        assertThat(
                        run(
                                event(Kind.SIM_SWAP, "s1", T0),
                                login("l1", T0 + 40 * MINUTE),
                                transfer("t1", T0 + Duration.ofHours(25).toMillis())))
                .isEmpty();
    }

    @Test
    void forwardingThenATransferIsSentForReview() throws Exception {
        List<FraudSignal> signals =
                run(event(Kind.CALL_FORWARDING_ON, "f1", T0), transfer("t1", T0 + 90 * MINUTE));

        assertThat(signals).hasSize(1);
        assertThat(signals.get(0).pattern()).isEqualTo(FraudPattern.FORWARDING_THEN_TRANSFER);
        assertThat(signals.get(0).action()).isEqualTo(FraudPattern.RecommendedAction.REVIEW);
    }

    @Test
    void anotherSubscribersTransferDoesNotCompleteTheSequence() throws Exception {
        SubscriberEvent otherTransfer =
                new SubscriberEvent(
                        "k1.SOMEONEELSESOMEONEELSE",
                        "k1.other",
                        Kind.TRANSFER_TO_NEW_BENEFICIARY,
                        "t9",
                        T0 + 10 * MINUTE,
                        null,
                        0,
                        false);

        assertThat(run(call("c1", T0, 25 * MINUTE, true), otherTransfer)).isEmpty();
    }

    private static List<FraudSignal> run(SubscriberEvent... events) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        KeyedStream<SubscriberEvent, String> keyed =
                env.fromData(TypeInformation.of(SubscriberEvent.class), events)
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<SubscriberEvent>forMonotonousTimestamps()
                                        .withTimestampAssigner((e, t) -> e.time()))
                        .keyBy(SubscriberEvent::subscriber);
        DataStream<FraudSignal> all = null;
        for (FraudPattern pattern : FraudPattern.values()) {
            DataStream<FraudSignal> matches =
                    CEP.pattern(keyed, FraudPatterns.of(pattern))
                            .inEventTime()
                            .process(new SignalOnMatch(pattern))
                            .returns(TypeInformation.of(FraudSignal.class));
            all = all == null ? matches : all.union(matches);
        }
        List<FraudSignal> signals = new ArrayList<>();
        all.executeAndCollect().forEachRemaining(signals::add);
        return signals;
    }

    private static SubscriberEvent call(String id, long time, long duration, boolean stranger) {
        return new SubscriberEvent(
                VICTIM, null, Kind.INBOUND_CALL, id, time, "k1.caller", duration, stranger);
    }

    private static SubscriberEvent login(String id, long time) {
        return new SubscriberEvent(
                VICTIM, "k1.customer", Kind.NEW_DEVICE_LOGIN, id, time, null, 0, false);
    }

    private static SubscriberEvent transfer(String id, long time) {
        return new SubscriberEvent(
                VICTIM, "k1.customer", Kind.TRANSFER_TO_NEW_BENEFICIARY, id, time, null, 0, false);
    }

    private static SubscriberEvent event(Kind kind, String id, long time) {
        return new SubscriberEvent(VICTIM, null, kind, id, time, null, 0, false);
    }
}
