package io.convergent.infra.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.broker.LocalBroker;
import io.convergent.common.campaigns.CampaignDefinition;
import io.convergent.common.campaigns.CampaignDefinitions;
import io.convergent.common.topic.Topics;
import io.convergent.infra.kafka.TopicProvisioner;
import io.convergent.infra.lake.LakeCatalog;
import io.convergent.infra.lake.LakeCatalogs;
import io.convergent.infra.testing.KafkaBrokerExtension;
import io.convergent.streaming.lake.LakeTables;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report campaigns} on the walkthrough's platform: campaigns applied, no model trained, no
 * batch view, nothing on {@code scores.realtime}, no trigger recorded. Every campaign in force is
 * listed, each with what the report can tell of why it fired nothing.
 */
class CampaignReportIT {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir static Path dataDir;

    static final List<String> CAMPAIGNS =
            List.of(
                    """
                    id: features-only
                    version: 1
                    trigger: {event: port_out_request}
                    eligibility:
                      - {feature: charges_rub_30d, above: 300}
                    offer: {code: STAY, channel: call_centre}
                    valid: {from: 2020-01-01, to: 2030-12-31}
                    """,
                    """
                    id: needs-a-score
                    version: 1
                    trigger: {event: roaming_entry}
                    eligibility:
                      - {score: roaming_package_14d, above: 0.3}
                    offer: {code: ROAM, channel: push}
                    valid: {from: 2020-01-01, to: 2030-12-31}
                    """,
                    """
                    id: everyone
                    version: 1
                    trigger: {event: new_device}
                    offer: {code: INSURE, channel: email}
                    valid: {from: 2020-01-01, to: 2030-12-31}
                    """,
                    """
                    id: next-decade
                    version: 1
                    trigger: {event: top_up}
                    offer: {code: THANKS, channel: push}
                    valid: {from: 2099-01-01, to: 2099-12-31}
                    """);

    @BeforeAll
    static void aPlatformWithCampaignsAndNoModel() throws Exception {
        try (Admin admin = Admin.create(KAFKA.clientConfig())) {
            TopicProvisioner.forLocalBroker(admin).provision(Topics.all());
        }
        for (String yaml : CAMPAIGNS) {
            CampaignDefinition c = CampaignDefinitions.parse(yaml, "it.yaml");
            publish(c.id(), CampaignDefinitions.toJson(c));
        }
        // Applied, then deleted: no longer in force.
        publish(
                "deleted",
                CampaignDefinitions.toJson(
                        CampaignDefinitions.parse(
                                CAMPAIGNS.get(2).replace("id: everyone", "id: deleted"),
                                "it.yaml")));
        publish("deleted", null);
        // What `up` leaves in its data directory: the broker it started, and the lake.
        Path kafka = dataDir.resolve(LocalBroker.DIRECTORY);
        Files.createDirectories(kafka);
        Files.writeString(
                kafka.resolve(LocalBroker.SERVER_PROPERTIES),
                "advertised.listeners=PLAINTEXT://" + KAFKA.bootstrapServers() + "\n");
        try (LakeCatalog lake = LakeCatalogs.open(dataDir)) {
            LakeTables.ensureCampaignTables(lake.catalog());
        }
    }

    @Test
    void everyCampaignInForceIsListedWithWhyItFiredNothing() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                CampaignReport.run(
                        new String[] {"campaigns", "--data-dir", dataDir.toString()},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        System.out.println(report);

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(report)
                .contains("4 campaigns in force")
                .contains("features-only", "needs-a-score", "everyone", "next-decade")
                .doesNotContain("deleted")
                .contains(
                        "waiting for scores of model roaming_package_14d: no batch view is"
                                + " published yet")
                .contains("waiting for the subscribers' features: nothing on scores.realtime yet")
                .contains("no new_device event judged")
                .contains("not valid yet: from 2099-01-01");
        // Each campaign's reason is under its own line.
        assertThat(between(report, "features-only", "needs-a-score"))
                .contains("nothing on scores.realtime");
    }

    @Test
    void withoutTheBrokerTheReportSaysItCannotTellWhatIsInForce() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                CampaignReport.run(
                        new String[] {
                            "campaigns",
                            "--data-dir",
                            dataDir.toString(),
                            "--bootstrap",
                            "localhost:" + KafkaBrokerExtension.freePorts(1)[0]
                        },
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(report)
                .contains("No campaign triggers in the period.")
                .contains("Campaigns in force not known")
                .contains("no Kafka broker answers at localhost:");
    }

    private static String between(String text, String from, String to) {
        int start = text.indexOf(from);
        assertThat(start).as(from).isNotNegative();
        int end = text.indexOf(to, start);
        assertThat(end).as(to).isGreaterThan(start);
        return text.substring(start, end);
    }

    private static void publish(String key, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            producer.send(
                            new ProducerRecord<>(
                                    Topics.CONTROL_CAMPAIGNS,
                                    key.getBytes(StandardCharsets.UTF_8),
                                    value))
                    .get(30, TimeUnit.SECONDS);
        }
    }
}
