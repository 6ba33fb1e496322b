package io.convergent.infra.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.campaigns.CampaignDefinitions;
import io.convergent.common.topic.Topics;
import io.convergent.infra.kafka.TopicProvisioner;
import io.convergent.infra.testing.KafkaBrokerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code campaigns apply / list / delete} against a real broker, and the shipped examples. */
class CampaignsCommandIT {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    /** The examples {@code up} will apply, at the repository's {@code infra/campaigns}. */
    static final Path EXAMPLES = Path.of("campaigns");

    @TempDir Path dir;

    @BeforeAll
    static void topics() throws Exception {
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                KAFKA.bootstrapServers()))) {
            TopicProvisioner.forLocalBroker(admin).provision(Topics.all());
        }
    }

    record Result(int code, String out, String err) {}

    @Test
    void everyShippedExampleIsAValidDefinition() throws Exception {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            List<Path> examples = files.filter(f -> f.toString().endsWith(".yaml")).toList();
            assertThat(examples).hasSizeGreaterThanOrEqualTo(4);
            for (Path example : examples) {
                CampaignDefinitions.parse(Files.readString(example), example.toString());
            }
        }
    }

    @Test
    void appliedCampaignsAreListedAndADeletedOneStops() throws Exception {
        Result applied =
                run(
                        "apply",
                        EXAMPLES.resolve("roaming-welcome.yaml").toString(),
                        EXAMPLES.resolve("port-out-save.yaml").toString());
        assertThat(applied.code()).as(applied.err()).isZero();
        assertThat(applied.out())
                .contains("applied roaming-welcome v1", "applied port-out-save v1");
        Result listed = run("list");
        assertThat(listed.out())
                .contains("roaming-welcome", "port-out-save", "live", "ROAM-7D/push")
                .contains("(2 published)");

        assertThat(run("delete", "port-out-save").code()).isZero();
        assertThat(run("list").out()).doesNotContain("port-out-save").contains("(1 published)");
    }

    @Test
    void aBadDefinitionIsRefusedNamingTheFieldAndNothingIsPublished() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(
                bad,
                Files.readString(EXAMPLES.resolve("low-balance-top-up.yaml"))
                        .replace("channel: sms", "channel: fax"));
        int before = count(run("list").out());
        Result refused =
                run(
                        "apply",
                        EXAMPLES.resolve("roaming-then-low-balance.yaml").toString(),
                        bad.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains(bad + ": offer.channel: 'fax'");
        assertThat(count(run("list").out())).isEqualTo(before);
        assertThat(run().code()).isEqualTo(2);
        assertThat(run("apply").code()).isEqualTo(2);
        assertThat(run("launch").code()).isEqualTo(2);
    }

    private static int count(String list) {
        String line = list.lines().filter(l -> l.endsWith(" published)")).findFirst().orElseThrow();
        return Integer.parseInt(line.substring(1, line.indexOf(' ')));
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all =
                Stream.concat(Stream.of(args), Stream.of("--bootstrap", KAFKA.bootstrapServers()))
                        .toArray(String[]::new);
        int code = CampaignsCommand.run(all, new PrintStream(out), new PrintStream(err));
        return new Result(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
