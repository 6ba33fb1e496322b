package io.convergent.streaming.immunity.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.streaming.immunity.fraud.SubscriberEvent.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class ContactMarkerTest {

    private static final String ME = "k1.MEMEMEMEMEMEMEMEMEMEME";

    private static final Duration TTL = Duration.ofDays(30);

    @Test
    void onlyLongCallsFromStrangersGoOnToThePatterns() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, SubscriberEvent, SubscriberEvent>
                harness =
                        new KeyedOneInputStreamOperatorTestHarness<>(
                                new KeyedProcessOperator<>(new ContactMarker(Duration.ofDays(30))),
                                SubscriberEvent::subscriber,
                                Types.STRING)) {
            harness.open();
            harness.processElement(call(Kind.INBOUND_CALL, "c1", "k1.stranger", 15), 1L);
            harness.processElement(call(Kind.INBOUND_CALL, "c2", "k1.stranger", 15), 2L);
            harness.processElement(call(Kind.OUTBOUND_CALL, "c3", "k1.mum", 15), 3L);
            harness.processElement(call(Kind.INBOUND_CALL, "c4", "k1.mum", 15), 4L);
            harness.processElement(call(Kind.INBOUND_CALL, "c5", "k1.shop", 2), 5L);
            harness.processElement(call(Kind.INBOUND_CALL, "c6", "k1.shop", 15), 6L);
            harness.processElement(
                    new SubscriberEvent(ME, null, Kind.SIM_SWAP, "s1", 5L, null, 0, false), 5L);
            // Withheld numbers: a long call is from a stranger, a short one is nothing.
            harness.processElement(call(Kind.INBOUND_CALL, "w1", null, 15), 7L);
            harness.processElement(call(Kind.INBOUND_CALL, "w2", null, 2), 8L);

            assertThat(harness.extractOutputValues())
                    .extracting(SubscriberEvent::eventId, SubscriberEvent::unknownCounterpart)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("c1", true),
                            org.assertj.core.groups.Tuple.tuple("s1", false),
                            org.assertj.core.groups.Tuple.tuple("w1", true));
        }
    }

    @Test
    void theMemoryIsTheLastThirtyTwoDistinctContactsByTheirLatestCall() {
        List<Integer> log = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            log.add(i);
        }
        log.add(3); // called again: now among the latest

        int[] remembered = ContactLog.lastDistinct(log, 32);

        assertThat(remembered).hasSize(32);
        assertThat(remembered[31]).isEqualTo(3);
        assertThat(remembered[0]).isEqualTo(9);
        assertThat(ContactLog.contains(remembered, 8)).isFalse();
        assertThat(ContactLog.withLatest(remembered, 8, 32))
                .hasSize(32)
                .endsWith(8)
                .doesNotContain(9);
        assertThat(ContactLog.withLatest(remembered, 20, 32))
                .hasSize(32)
                .endsWith(20)
                .containsOnlyOnce(20);
        assertThat(ContactLog.lastDistinct(null, 32)).isEmpty();
    }

    @Test
    void placedCallsAreRememberedWithoutAReadAndALongCallIsJudgedAgainstTheLatest()
            throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, SubscriberEvent, SubscriberEvent>
                harness = harness()) {
            harness.open();
            for (int i = 0; i < 100; i++) {
                harness.processElement(
                        call(Kind.OUTBOUND_CALL, "p" + i, "k1.contact-" + i, 1), 10L + i);
            }
            harness.processElement(call(Kind.INBOUND_CALL, "recent", "k1.contact-80", 15), 200L);
            harness.processElement(call(Kind.INBOUND_CALL, "long-ago", "k1.contact-10", 15), 201L);

            assertThat(harness.extractOutputValues())
                    .extracting(SubscriberEvent::eventId)
                    .containsExactly("long-ago");
        }
    }

    @Test
    void aLogOnlyEverWrittenStaysBounded() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, SubscriberEvent, SubscriberEvent>
                harness = harness()) {
            harness.open();
            for (int i = 0; i < 10_000; i++) {
                harness.processElement(
                        call(Kind.OUTBOUND_CALL, "p" + i, "k1.contact-" + i, 1), 10L + i);
            }

            harness.getOperator().setCurrentKey(ME);
            List<Integer> log = new ArrayList<>();
            harness.getOperator()
                    .getKeyedStateStore()
                    .getListState(ContactMarker.logDescriptor(TTL))
                    .get()
                    .forEach(log::add);
            // Rewritten to the remembered 32 on about one write in 32: far below the 10,000.
            assertThat(log)
                    .hasSizeBetween(
                            ContactMarker.REMEMBERED,
                            ContactMarker.REMEMBERED + 8 * ContactMarker.REWRITE_ONE_WRITE_IN);
            assertThat(log.get(log.size() - 1)).isEqualTo(ContactLog.hashOf("k1.contact-9999"));
        }
    }

    @Test
    void anUpgradedJobStillKnowsTheContactsTheEarlierMemoryHeld() throws Exception {
        OperatorSubtaskState earlierCheckpoint;
        try (KeyedOneInputStreamOperatorTestHarness<String, SubscriberEvent, SubscriberEvent>
                earlier =
                        new KeyedOneInputStreamOperatorTestHarness<>(
                                new KeyedProcessOperator<>(new EarlierContactMarker()),
                                SubscriberEvent::subscriber,
                                Types.STRING)) {
            earlier.open();
            earlier.processElement(call(Kind.OUTBOUND_CALL, "c1", "k1.mum", 1), 1L);
            earlierCheckpoint = earlier.snapshot(1L, 1L);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, SubscriberEvent, SubscriberEvent>
                harness = harness()) {
            harness.initializeState(earlierCheckpoint);
            harness.open();
            harness.processElement(call(Kind.INBOUND_CALL, "mum", "k1.mum", 15), 2L);
            harness.processElement(call(Kind.INBOUND_CALL, "stranger", "k1.stranger", 15), 3L);

            assertThat(harness.extractOutputValues())
                    .extracting(SubscriberEvent::eventId)
                    .containsExactly("stranger");
        }
    }

    /** What builds before the log wrote: the set of recent contacts, rewritten on every call. */
    private static final class EarlierContactMarker
            extends KeyedProcessFunction<String, SubscriberEvent, SubscriberEvent> {

        private transient ValueState<RecentContacts> contacts;

        @Override
        public void open(OpenContext openContext) {
            contacts = getRuntimeContext().getState(ContactMarker.earlierMemoryDescriptor(TTL));
        }

        @Override
        public void processElement(
                SubscriberEvent event, Context ctx, Collector<SubscriberEvent> out)
                throws Exception {
            RecentContacts known = contacts.value();
            if (known == null) {
                known = new RecentContacts();
            }
            known.add(event.counterpart());
            contacts.update(known);
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, SubscriberEvent, SubscriberEvent>
            harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ContactMarker(TTL)),
                SubscriberEvent::subscriber,
                Types.STRING);
    }

    private static SubscriberEvent call(Kind kind, String id, String other, int minutes) {
        return new SubscriberEvent(ME, null, kind, id, 1L, other, minutes * 60_000L, false);
    }
}
