package io.convergent.streaming.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.campaigns.CampaignEvent.Kind;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.InputTopics;
import io.convergent.common.event.schema.RejectionReason;
import io.convergent.common.identity.PseudonymKeyFile;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.testing.SampleEvents;
import io.convergent.common.topic.Topics;
import io.convergent.streaming.campaigns.functions.CampaignScreening;
import io.convergent.streaming.deadletter.RejectedRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignScreeningTest {

    @TempDir Path keys;

    @Test
    void inputEventsArePseudonymisedAndUnparseableInputSkipped() throws Exception {
        Path keyFile = keys.resolve("pseudonym.key");
        PseudonymKeyFile.createIfMissing(keyFile);
        try (var harness = screening(keyFile)) {
            harness.processElement(record(Topics.TELCO_NETWORK, SampleEvents.roamingEntry()), 0);
            harness.processElement(record(Topics.TELCO_BILLING, SampleEvents.roamingPackage()), 0);
            harness.processElement(record(Topics.BANK_PRODUCTS, SampleEvents.cardOpened()), 0);
            harness.processElement(record(Topics.TELCO_NETWORK, SampleEvents.simSwap()), 0);
            harness.processElement(
                    new CampaignSource(
                            Topics.TELCO_BILLING, null, "{".getBytes(StandardCharsets.UTF_8), 0L),
                    0);
            harness.processElement(
                    new CampaignSource(
                            Topics.SCORES_REALTIME,
                            "k1.X",
                            "{\"format\":9}".getBytes(StandardCharsets.UTF_8),
                            0L),
                    0);
            List<CampaignInput> out = harness.extractOutputValues();
            assertThat(out)
                    .extracting(i -> i.event().kind())
                    .containsExactly(
                            Kind.ROAMING_ENTRY, Kind.PACKAGE_PURCHASE, Kind.BANK_PRODUCT_OPENED);
            assertThat(out)
                    .allSatisfy(
                            i -> {
                                assertThat(Pseudonymiser.isPseudonym(i.subscriber())).isTrue();
                                assertThat(i.event().toString())
                                        .doesNotContain(SampleEvents.SUBSCRIBER.substring(1));
                            });
            assertThat(out.get(0).event().mcc()).isEqualTo(262);
            assertThat(out.get(1).event().product()).isEqualTo("ROAMING_PACKAGE");
            assertThat(out.get(0).subscriber()).isEqualTo(out.get(1).subscriber());
        }
    }

    @Test
    void unreadableScoresAndPreferencesAreDeadLetteredWithTheirReason() throws Exception {
        Path keyFile = keys.resolve("pseudonym.key");
        PseudonymKeyFile.createIfMissing(keyFile);
        byte[] notJson = "{\"format\":1,".getBytes(StandardCharsets.UTF_8);
        byte[] wrongFormat = "{\"format\":9}".getBytes(StandardCharsets.UTF_8);
        byte[] unknownChannel =
                ("{\"format\":1,\"subscriber\":\"k1.AAAAAAAAAAAAAAAAAAAAAA\","
                                + "\"optedOutChannels\":[\"pigeon\"]}")
                        .getBytes(StandardCharsets.UTF_8);
        try (var harness = screening(keyFile)) {
            harness.processElement(
                    new CampaignSource(Topics.SCORES_REALTIME, 2, 40L, 1_000L, "k1.X", notJson, 0L),
                    0);
            harness.processElement(
                    new CampaignSource(
                            Topics.SCORES_REALTIME, 0, 41L, 1_000L, "k1.X", wrongFormat, 0L),
                    0);
            harness.processElement(
                    new CampaignSource(
                            Topics.CONTROL_CONTACT_PREFERENCES,
                            1,
                            7L,
                            1_000L,
                            "k1.X",
                            unknownChannel,
                            0L),
                    0);
            // A tombstone keyed by a raw number instead of a pseudonym.
            harness.processElement(
                    new CampaignSource(
                            Topics.CONTROL_CONTACT_PREFERENCES, 1, 8L, 1_000L, null, null, 0L),
                    0);

            assertThat(harness.extractOutputValues()).isEmpty();
            List<RejectedRecord> rejected =
                    harness.getSideOutput(CampaignScreening.REJECTED).stream()
                            .map(r -> r.getValue())
                            .toList();
            assertThat(rejected)
                    .extracting(r -> r.reason)
                    .containsExactly(
                            RejectionReason.NOT_JSON,
                            RejectionReason.INVALID_VALUE,
                            RejectionReason.INVALID_VALUE,
                            RejectionReason.INVALID_IDENTIFIER);
            assertThat(rejected.get(0).topic).isEqualTo(Topics.SCORES_REALTIME);
            assertThat(rejected.get(0).partition).isEqualTo(2);
            assertThat(rejected.get(0).offset).isEqualTo(40L);
            assertThat(rejected.get(0).payload).isEqualTo(notJson);
            assertThat(rejected.get(1).detail).contains("format");
            assertThat(rejected.get(2).detail).contains("channel");
            assertThat(rejected.get(3).field).isEqualTo("key");
        }
    }

    @Test
    void aScoresOrPreferencesRecordGoesOnAsReadNeverWithANumberItCarried() throws Exception {
        Path keyFile = keys.resolve("pseudonym.key");
        PseudonymKeyFile.createIfMissing(keyFile);
        String subscriber = "k1.AAAAAAAAAAAAAAAAAAAAAA";
        byte[] preferences =
                ("{\"format\":1,\"subscriber\":\""
                                + subscriber
                                + "\",\"msisdn\":\"+79123456789\",\"marketing\":false,"
                                + "\"optedOutChannels\":[],\"updatedAt\":5}")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] scores =
                ("{\"format\":1,\"subscriber\":\""
                                + subscriber
                                + "\",\"asOfDay\":\"2026-11-28\",\"batchView\":3,"
                                + "\"publishedAt\":7,\"scores\":{\"churn\":0.5},"
                                + "\"note\":\"+79123456789\"}")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] scoresOfANumber =
                ("{\"format\":1,\"subscriber\":\"+79123456789\",\"asOfDay\":\"2026-11-28\","
                                + "\"scores\":{}}")
                        .getBytes(StandardCharsets.UTF_8);
        try (var harness = screening(keyFile)) {
            harness.processElement(
                    new CampaignSource(
                            Topics.CONTROL_CONTACT_PREFERENCES,
                            0,
                            1L,
                            1_000L,
                            subscriber,
                            preferences,
                            0L),
                    0);
            harness.processElement(
                    new CampaignSource(Topics.SCORES_REALTIME, 0, 2L, 1_000L, null, scores, 0L), 0);
            harness.processElement(
                    new CampaignSource(
                            Topics.SCORES_REALTIME, 0, 3L, 1_000L, null, scoresOfANumber, 0L),
                    0);

            List<CampaignInput> out = harness.extractOutputValues();
            assertThat(out).extracting(CampaignInput::subscriber).containsOnly(subscriber);
            assertThat(out)
                    .extracting(CampaignInput::kind)
                    .containsExactly(CampaignInput.Kind.PREFERENCES, CampaignInput.Kind.SCORES);
            for (CampaignInput input : out) {
                assertThat(new String(input.payload(), StandardCharsets.UTF_8))
                        .doesNotContain("79123456789")
                        .contains(subscriber);
            }
            assertThat(harness.getSideOutput(CampaignScreening.REJECTED))
                    .extracting(r -> r.getValue().reason)
                    .containsExactly(RejectionReason.INVALID_IDENTIFIER);
        }
    }

    /** The screening under a harness, opened. */
    private static OneInputStreamOperatorTestHarness<CampaignSource, CampaignInput> screening(
            Path keyFile) throws Exception {
        var harness =
                new OneInputStreamOperatorTestHarness<CampaignSource, CampaignInput>(
                        new ProcessOperator<>(new CampaignScreening(keyFile)));
        harness.open();
        return harness;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Record & InputEvent> CampaignSource record(
            String topic, InputEvent event) {
        T typed = (T) event;
        return new CampaignSource(
                topic, null, InputTopics.of(typed).serialise(typed), event.eventTime());
    }
}
