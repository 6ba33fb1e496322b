package io.convergent.streaming.immunity.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.fraud.FraudEvidence;
import io.convergent.common.fraud.FraudPattern;
import io.convergent.common.fraud.FraudSignal;
import io.convergent.streaming.immunity.ImmunityJob;
import io.convergent.streaming.immunity.fraud.SubscriberEvent.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
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
    private static final long OUT_OF_ORDERNESS = 5_000L;

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
    void aCallRecordWrittenWhenTheCallEndsStillMatches() throws Exception {
        // The switch writes the record at the release, 25 minutes after the setup time it
        // carries; meanwhile other subscribers' events have moved the watermark past the setup.
        List<FraudSignal> signals =
                run(
                        otherSubscribers("x1", T0 + 24 * MINUTE),
                        call("c1", T0, 25 * MINUTE, true),
                        transfer("t1", T0 + 32 * MINUTE));

        assertThat(signals)
                .extracting(FraudSignal::signalId)
                .containsExactly("t1/SUSPICIOUS_CALL_THEN_TRANSFER");
    }

    @Test
    void aTransferWhileTheStrangerIsStillTalkingIsSignalledWhenTheCallEnds() throws Exception {
        List<FraudSignal> signals =
                run(
                        transfer("t1", T0 + 12 * MINUTE),
                        transfer("t2", T0 + 20 * MINUTE),
                        otherSubscribers("x1", T0 + 24 * MINUTE),
                        call("c1", T0, 25 * MINUTE, true));

        assertThat(signals)
                .extracting(FraudSignal::signalId)
                .containsExactlyInAnyOrder(
                        "t1/SUSPICIOUS_CALL_THEN_TRANSFER", "t2/SUSPICIOUS_CALL_THEN_TRANSFER");
        assertThat(signals.get(0).action()).isEqualTo(FraudPattern.RecommendedAction.HOLD);
        assertThat(Arrays.stream(signals.get(0).evidence()).map(FraudEvidence::step))
                .containsExactly("call", "transfer");
    }

    @Test
    void aTransferMatchedByBothVariantsIsSignalledOnce() throws Exception {
        // One suspicious call ended before the transfer, another was still going on.
        List<FraudSignal> signals =
                run(
                        call("c0", T0 - 30 * MINUTE, 25 * MINUTE, true),
                        transfer("t1", T0 + 20 * MINUTE),
                        call("c1", T0 + 5 * MINUTE, 35 * MINUTE, true));

        assertThat(signals)
                .extracting(FraudSignal::signalId)
                .containsExactly("t1/SUSPICIOUS_CALL_THEN_TRANSFER");
    }

    @Test
    void everyTransferInsideTheWindowIsSignalledNotOnlyTheFirst() throws Exception {
        // "Move your savings to a safe account" is done in several transfers; the last here is more
        // than an hour after the call ended.
        assertThat(
                        run(
                                call("c1", T0, 25 * MINUTE, true),
                                transfer("t1", T0 + 30 * MINUTE),
                                transfer("t2", T0 + 45 * MINUTE),
                                transfer("t3", T0 + 90 * MINUTE)))
                .extracting(FraudSignal::signalId)
                .containsExactlyInAnyOrder(
                        "t1/SUSPICIOUS_CALL_THEN_TRANSFER", "t2/SUSPICIOUS_CALL_THEN_TRANSFER");
        assertThat(
                        run(
                                event(Kind.SIM_SWAP, "s1", T0),
                                login("l1", T0 + 40 * MINUTE),
                                transfer("t1", T0 + 70 * MINUTE),
                                transfer("t2", T0 + 90 * MINUTE),
                                login("l2", T0 + 95 * MINUTE),
                                transfer("t3", T0 + 100 * MINUTE)))
                .extracting(FraudSignal::signalId)
                .containsExactlyInAnyOrder(
                        "t1/SIM_SWAP_TAKEOVER", "t2/SIM_SWAP_TAKEOVER", "t3/SIM_SWAP_TAKEOVER");
        assertThat(
                        run(
                                event(Kind.CALL_FORWARDING_ON, "f1", T0),
                                transfer("t1", T0 + 90 * MINUTE),
                                transfer("t2", T0 + 95 * MINUTE)))
                .extracting(FraudSignal::signalId)
                .containsExactlyInAnyOrder(
                        "t1/FORWARDING_THEN_TRANSFER", "t2/FORWARDING_THEN_TRANSFER");
    }

    @Test
    void aTransferThatArrivesBehindTheWatermarkStillCompletesThePattern() throws Exception {
        // Other subscribers' events have moved the watermark past the transfer's time by the time
        // its record comes (its bank partition was quiet).
        assertThat(
                        run(
                                call("c1", T0, 25 * MINUTE, true),
                                otherSubscribers("x1", T0 + 40 * MINUTE),
                                transfer("t1", T0 + 30 * MINUTE)))
                .extracting(FraudSignal::signalId)
                .containsExactly("t1/SUSPICIOUS_CALL_THEN_TRANSFER");
    }

    @Test
    void aTransferMadeBeforeTheTriggerButReadAfterItIsNotAboutIt() throws Exception {
        // Made a minute before forwarding was switched on, delivered late: stamped on arrival, it
        // comes after the switch in the stream, not in time.
        assertThat(
                        run(
                                event(Kind.CALL_FORWARDING_ON, "f1", T0),
                                otherSubscribers("x1", T0 + 10 * MINUTE),
                                transfer("t0", T0 - MINUTE)))
                .isEmpty();
        assertThat(
                        run(
                                event(Kind.SIM_SWAP, "s1", T0),
                                login("l1", T0 + 40 * MINUTE),
                                otherSubscribers("x1", T0 + 60 * MINUTE),
                                transfer("t0", T0 + 30 * MINUTE)))
                .isEmpty();
    }

    @Test
    void aTransferBeforeTheCallBeganIsNotAboutIt() throws Exception {
        assertThat(run(transfer("t1", T0 - MINUTE), call("c1", T0, 25 * MINUTE, true))).isEmpty();
    }

    @Test
    void aShortCallAKnownCallerOrATransferTooLateMakeNoSignal() throws Exception {
        assertThat(run(call("c1", T0, 3 * MINUTE, true), transfer("t1", T0 + 10 * MINUTE)))
                .isEmpty();
        assertThat(run(call("c1", T0, 25 * MINUTE, false), transfer("t1", T0 + 30 * MINUTE)))
                .isEmpty();
        assertThat(run(transfer("t1", T0 + 10 * MINUTE), call("c1", T0, 25 * MINUTE, false)))
                .isEmpty();
        // More than an hour after the call ended.
        assertThat(run(call("c1", T0, 25 * MINUTE, true), transfer("t1", T0 + 86 * MINUTE)))
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
    void forwardingSwitchedOffBeforeTheTransferIsNoLongerAReason() throws Exception {
        assertThat(
                        run(
                                event(Kind.CALL_FORWARDING_ON, "f1", T0),
                                event(Kind.CALL_FORWARDING_OFF, "f2", T0 + 120 * MINUTE),
                                transfer("t1", T0 + 600 * MINUTE)))
                .isEmpty();
        // Switched off only after the transfer: it was made while calls went elsewhere.
        assertThat(
                        run(
                                event(Kind.CALL_FORWARDING_ON, "f1", T0),
                                transfer("t1", T0 + 90 * MINUTE),
                                event(Kind.CALL_FORWARDING_OFF, "f2", T0 + 120 * MINUTE)))
                .extracting(FraudSignal::signalId)
                .containsExactly("t1/FORWARDING_THEN_TRANSFER");
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

    /**
     * Runs the job's fraud patterns over {@code events} in the order given, which is the order they
     * arrive in: stamped with their own time, as the job's source stamps records, and a watermark 5
     * s behind the newest time after every event, as the source's bounded out-of-orderness makes
     * one.
     */
    private static List<FraudSignal> run(SubscriberEvent... events) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<SubscriberEvent> arriving =
                env.fromData(TypeInformation.of(SubscriberEvent.class), events)
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<SubscriberEvent>forGenerator(
                                                ctx -> new EveryEventBoundedOutOfOrderness())
                                        .withTimestampAssigner((e, t) -> e.time()));
        List<FraudSignal> signals = new ArrayList<>();
        ImmunityJob.patternSignals(arriving).executeAndCollect().forEachRemaining(signals::add);
        return signals;
    }

    /** The source's watermarks, emitted after every event instead of periodically. */
    private static final class EveryEventBoundedOutOfOrderness
            implements WatermarkGenerator<SubscriberEvent> {

        private long newest = Long.MIN_VALUE + OUT_OF_ORDERNESS;

        @Override
        public void onEvent(SubscriberEvent event, long timestamp, WatermarkOutput output) {
            newest = Math.max(newest, timestamp);
            output.emitWatermark(new Watermark(newest - OUT_OF_ORDERNESS));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
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

    /** Another subscriber's event, which moves the watermark on. */
    private static SubscriberEvent otherSubscribers(String id, long time) {
        return new SubscriberEvent(
                "k1.SOMEONEELSESOMEONEELSE", null, Kind.SIM_SWAP, id, time, null, 0, false);
    }

    private static SubscriberEvent event(Kind kind, String id, long time) {
        return new SubscriberEvent(VICTIM, null, kind, id, time, null, 0, false);
    }
}
