package io.convergent.common.roaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.event.DataSessionEvent;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.NetworkEventType;
import io.convergent.common.event.RadioAccess;
import io.convergent.common.testing.SampleEvents;
import org.junit.jupiter.api.Test;

class RoamingEvidenceTest {

    private static final int HOME = 250;

    @Test
    void networkEventsSayAbroadHomeOrNothing() {
        assertThat(RoamingEvidence.abroad(network(NetworkEventType.ROAMING_ENTRY, 262), HOME))
                .isTrue();
        assertThat(RoamingEvidence.abroad(network(NetworkEventType.ROAMING_EXIT, null), HOME))
                .isFalse();
        assertThat(RoamingEvidence.abroad(network(NetworkEventType.LOCATION_UPDATE, 262), HOME))
                .isTrue();
        assertThat(RoamingEvidence.abroad(network(NetworkEventType.LOCATION_UPDATE, HOME), HOME))
                .isFalse();
        assertThat(RoamingEvidence.abroad(network(NetworkEventType.LOCATION_UPDATE, null), HOME))
                .isNull();
        assertThat(RoamingEvidence.abroad(network(NetworkEventType.SIM_SWAP, 262), HOME)).isNull();
    }

    @Test
    void onlyADataSessionInAForeignNetworkSaysAbroad() {
        assertThat(RoamingEvidence.abroad(session(262), HOME)).isTrue();
        assertThat(RoamingEvidence.abroad(session(HOME), HOME)).isFalse();
        assertThat(RoamingEvidence.abroad(session(null), HOME)).isFalse();
    }

    private static NetworkEvent network(NetworkEventType type, Integer mcc) {
        return SampleEvents.networkSighting("n1", 1L, type, "+79580012345", mcc);
    }

    private static DataSessionEvent session(Integer visitedMcc) {
        return new DataSessionEvent(
                "d1", 2L, "+79580012345", null, 1L, 2L, 1, 1, RadioAccess.LTE, null, visitedMcc);
    }
}
