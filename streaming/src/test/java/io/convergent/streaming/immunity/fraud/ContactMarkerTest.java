package io.convergent.streaming.immunity.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.streaming.immunity.fraud.SubscriberEvent.Kind;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ContactMarkerTest {

    private static final String ME = "k1.MEMEMEMEMEMEMEMEMEMEME";

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
    void theMemoryKeepsTheLastThirtyTwoContacts() {
        RecentContacts contacts = new RecentContacts();
        for (int i = 0; i < 40; i++) {
            contacts.add("k1.contact-" + i);
        }

        assertThat(contacts.contains("k1.contact-39")).isTrue();
        assertThat(contacts.contains("k1.contact-8")).isTrue();
        assertThat(contacts.contains("k1.contact-7")).isFalse();
        assertThat(contacts.hashes).hasSize(RecentContacts.SIZE);
    }

    private static SubscriberEvent call(Kind kind, String id, String other, int minutes) {
        return new SubscriberEvent(ME, null, kind, id, 1L, other, minutes * 60_000L, false);
    }
}
