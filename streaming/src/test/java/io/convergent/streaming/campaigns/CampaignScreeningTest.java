package io.convergent.streaming.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.campaigns.CampaignEvent.Kind;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.InputTopics;
import io.convergent.common.identity.PseudonymKeyFile;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.testing.SampleEvents;
import io.convergent.common.topic.Topics;
import io.convergent.streaming.campaigns.functions.CampaignScreening;
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
    void inputEventsArePseudonymisedAndBadRecordsSkipped() throws Exception {
        Path keyFile = keys.resolve("pseudonym.key");
        PseudonymKeyFile.createIfMissing(keyFile);
        try (var harness =
                new OneInputStreamOperatorTestHarness<CampaignSource, CampaignInput>(
                        new ProcessOperator<>(new CampaignScreening(keyFile)))) {
            harness.open();
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

    @SuppressWarnings("unchecked")
    private static <T extends Record & InputEvent> CampaignSource record(
            String topic, InputEvent event) {
        T typed = (T) event;
        return new CampaignSource(
                topic, null, InputTopics.of(typed).serialise(typed), event.eventTime());
    }
}
