package io.convergent.streaming.immunity;

import static io.convergent.streaming.testing.FlinkSerialization.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.event.Ingress;
import io.convergent.common.fraud.FraudSignal;
import io.convergent.common.immunity.CallAction;
import io.convergent.common.immunity.CallerActivity;
import io.convergent.common.immunity.CallerReputation;
import io.convergent.common.immunity.DecisionReason;
import io.convergent.common.immunity.ImmunityDecision;
import io.convergent.common.immunity.ReputationThresholds;
import io.convergent.common.numbering.NumberCategory;
import io.convergent.streaming.immunity.fraud.RecentContacts;
import io.convergent.streaming.immunity.fraud.SubscriberEvent;
import java.nio.charset.StandardCharsets;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/** What the immunity job passes between operators and keeps in state, serialised without Kryo. */
class ImmunityTypesSerializationTest {

    @Test
    void everyTypeBetweenOperatorsIsAFlinkPojoWithoutKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(SourceRecord.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ScreenedCall.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(RoamingChange.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(RoamingStatus.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ImmunityDecision.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(CallerSignal.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(CallerActivity.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(SubscriberEvent.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(RecentContacts.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(FraudSignal.class);
    }

    @Test
    void valuesSurviveFlinksSerializerIncludingNulls() throws Exception {
        ImmunityDecision clean =
                new ImmunityDecision(
                        "e/caller-id",
                        "e",
                        "c",
                        CallAction.ALLOW,
                        null,
                        "k1.A",
                        "k1.B",
                        NumberCategory.FOREIGN,
                        Ingress.INTERNATIONAL,
                        1L,
                        2L,
                        null);
        ImmunityDecision blocked =
                new ImmunityDecision(
                        "f/caller-id",
                        "f",
                        "c",
                        CallAction.BLOCK,
                        DecisionReason.UNALLOCATED_NUMBER,
                        "k1.A",
                        "k1.B",
                        NumberCategory.UNALLOCATED,
                        Ingress.INTERCONNECT,
                        1L,
                        2L,
                        null);
        SourceRecord record =
                new SourceRecord("telco.calls", "{}".getBytes(StandardCharsets.UTF_8), 7L);

        assertThat(roundTrip(clean)).isEqualTo(clean);
        assertThat(roundTrip(blocked)).isEqualTo(blocked);
        assertThat(roundTrip(record)).isEqualTo(record);
        assertThat(roundTrip(new RoamingStatus(true, 5L))).isEqualTo(new RoamingStatus(true, 5L));

        ReputationThresholds standard = ReputationThresholds.standard();
        CallerActivity activity = new CallerActivity();
        activity.recordCall(1_000L, "k1.B", "k1.A", true, 4_000L);
        activity.recordComplaint(2_000L);
        ImmunityDecision withReputation =
                clean.withReputation(
                        CallerReputation.of(activity.featuresAt(3_000L), standard),
                        standard,
                        true,
                        4L);
        ScreenedCall call =
                new ScreenedCall(
                        "e",
                        "c",
                        "k1.A",
                        "k1.B",
                        NumberCategory.FOREIGN,
                        Ingress.INTERNATIONAL,
                        1L,
                        true,
                        4_000L,
                        "k1.A0",
                        "k1.A2");
        CallerSignal callSignal = CallerSignal.ofCall(call, withReputation);
        CallerSignal complaint = CallerSignal.ofComplaint("k1.A", 9L);

        assertThat(roundTrip(withReputation)).isEqualTo(withReputation);
        assertThat(roundTrip(callSignal)).isEqualTo(callSignal);
        assertThat(roundTrip(complaint)).isEqualTo(complaint);
        CallerActivity copy = roundTrip(activity);
        assertThat(copy.featuresAt(3_000L)).isEqualTo(activity.featuresAt(3_000L));
        assertThat(copy.isNewCallee("k1.B")).isFalse();
    }
}
