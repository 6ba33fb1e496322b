package io.convergent.common.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.common.topic.PublishedFields;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FraudSignalTest {

    @Test
    void aSignalIsNamedAfterItsTransferAndPatternAndRoundTripsThroughJson() {
        FraudSignal signal =
                FraudSignal.of(
                        FraudPattern.SIM_SWAP_TAKEOVER,
                        "k1.customer",
                        "k1.subscriber",
                        List.of(
                                new FraudEvidence("swap", "s1", 1_000L),
                                new FraudEvidence("login", "l1", 2_000L),
                                new FraudEvidence("transfer", "t1", 3_000L)),
                        3_500L);

        byte[] json = signal.toJson();

        assertThat(signal.signalId()).isEqualTo("t1/SIM_SWAP_TAKEOVER");
        assertThat(signal.transferEventId()).isEqualTo("t1");
        assertThat(signal.transferTime()).isEqualTo(3_000L);
        assertThat(FraudSignal.fromJson(json)).isEqualTo(signal);
        assertThat(new String(json, StandardCharsets.UTF_8))
                .contains("\"riskLevel\":\"HIGH\"")
                .contains("\"recommendedAction\":\"HOLD\"");
    }

    @Test
    void aSignalWithoutEvidenceOrAPayloadOfAnotherKindIsRefused() {
        assertThatThrownBy(
                        () ->
                                FraudSignal.of(
                                        FraudPattern.FORWARDING_THEN_TRANSFER,
                                        "k1.c",
                                        "k1.s",
                                        List.of(),
                                        0L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a signal needs its evidence");
        assertThatThrownBy(
                        () ->
                                FraudSignal.fromJson(
                                        "{\"format\": 9}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a fraud signal payload");
    }

    @Test
    void aPatternALaterReleaseAddedIsNamed() {
        FraudSignal signal =
                FraudSignal.of(
                        FraudPattern.SIM_SWAP_TAKEOVER,
                        "k1.c",
                        "k1.s",
                        List.of(
                                new FraudEvidence("sim-swap", "e-1", 1_000L),
                                new FraudEvidence("transfer", "e-2", 2_000L)),
                        3_000L);
        String json = new String(signal.toJson(), StandardCharsets.UTF_8);

        assertThat(json).contains("\"SIM_SWAP_TAKEOVER\"");
        assertThatThrownBy(
                        () ->
                                FraudSignal.fromJson(
                                        json.replace(
                                                        "\"SIM_SWAP_TAKEOVER\"",
                                                        "\"ESIM_SWAP_TAKEOVER\"")
                                                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PublishedFields.UnknownValueException.class)
                .hasMessageContaining("pattern is 'ESIM_SWAP_TAKEOVER'");
    }

    @Test
    void everyPatternIsBoundedInTime() {
        for (FraudPattern pattern : FraudPattern.values()) {
            assertThat(pattern.within()).isPositive();
        }
    }
}
