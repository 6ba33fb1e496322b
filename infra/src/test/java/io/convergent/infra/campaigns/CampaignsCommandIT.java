package io.convergent.infra.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.campaigns.CampaignDefinition.OfferChannel;
import io.convergent.common.campaigns.CampaignDefinitions;
import io.convergent.common.campaigns.ContactPreferences;
import io.convergent.common.identity.PseudonymKeyFile;
import io.convergent.common.immunity.ImmunityRules;
import io.convergent.common.numbering.NumberCategory;
import io.convergent.common.numbering.NumberRange;
import io.convergent.common.numbering.NumberingPlan;
import io.convergent.common.topic.Topics;
import io.convergent.infra.kafka.TopicProvisioner;
import io.convergent.infra.testing.KafkaBrokerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code campaigns apply / list / delete} against a real broker, and the shipped examples. */
class CampaignsCommandIT {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    /** The examples {@code up} will apply, at the repository's {@code infra/campaigns}. */
    static final Path EXAMPLES = Path.of("campaigns");

    /** The model specifications of the repository, as {@code bin/convergent} finds them. */
    static final Path MODELS = Path.of("..", "models");

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
    void theBrokerCheckFindsARunningBroker() {
        assertThat(
                        io.convergent.infra.kafka.BrokerCheck.problem(
                                KAFKA.bootstrapServers(),
                                io.convergent.infra.kafka.BrokerCheck.TIMEOUT))
                .isEmpty();
    }

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
    void theExamplesAreAppliedOnceEvenAfterCompactionEmptiedTheTopic() throws Exception {
        String topic = "control.campaigns.examples-test";
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                KAFKA.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();

            assertThat(
                            CampaignsCommand.applyIfNonePublished(
                                    KAFKA.bootstrapServers(), EXAMPLES, topic))
                    .contains("roaming-welcome");
            // A user deleted every campaign, and compaction dropped even the tombstones: the
            // topic holds nothing, as records deleted up to its end leave it.
            TopicPartition partition = new TopicPartition(topic, 0);
            long end =
                    admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                            .partitionResult(partition)
                            .get()
                            .offset();
            admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(end))).all().get();

            assertThat(
                            CampaignsCommand.applyIfNonePublished(
                                    KAFKA.bootstrapServers(), EXAMPLES, topic))
                    .isEmpty();
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
        // A usage error, not a missing broker: no broker listens on port 1.
        ByteArrayOutputStream unknownErr = new ByteArrayOutputStream();
        assertThat(
                        CampaignsCommand.run(
                                new String[] {"launch", "--bootstrap", "127.0.0.1:1"},
                                new PrintStream(new ByteArrayOutputStream()),
                                new PrintStream(unknownErr)))
                .isEqualTo(2);
        assertThat(unknownErr.toString(StandardCharsets.UTF_8))
                .contains("unknown subcommand 'launch'");
        Result misplaced = run("list", "--msisdn", "+79580012345");
        assertThat(misplaced.code()).isEqualTo(2);
        assertThat(misplaced.err()).contains("--msisdn is not an option of list");
        assertThat(run("list", "--bootstrap", "a:1", "--bootstrap", "b:2").err())
                .contains("--bootstrap is given more than once");
    }

    @Test
    void aScoreOfAModelWithoutASpecificationIsRefusedAndOneWithASpecificationApplied()
            throws Exception {
        String welcome = Files.readString(EXAMPLES.resolve("roaming-welcome.yaml"));
        Path typo = dir.resolve("typo.yaml");
        Files.writeString(
                typo,
                welcome.replace("id: roaming-welcome", "id: model-typo")
                        .replace("roaming_package_14d", "roaming_packge_14d"));
        int before = count(run("list").out());

        Result refused = run("apply", typo.toString(), "--models", MODELS.toString());
        assertThat(refused.code()).as(refused.out()).isEqualTo(1);
        assertThat(refused.err())
                .contains(typo + ": eligibility[0].score: unknown model 'roaming_packge_14d'")
                .contains("roaming_package_14d, ")
                .contains("--models DIR names another directory");
        assertThat(count(run("list").out())).isEqualTo(before);

        Path known = dir.resolve("known.yaml");
        Files.writeString(known, welcome.replace("id: roaming-welcome", "id: model-known"));
        Result applied = run("apply", known.toString(), "--models", MODELS.toString());
        assertThat(applied.code()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("applied model-known v1");
        assertThat(applied.err()).isEmpty();

        // With no specifications to go by, the name cannot be judged: said, not refused.
        Path noSpecifications = Files.createDirectory(dir.resolve("no-models"));
        Result unchecked = run("apply", typo.toString(), "--models", noSpecifications.toString());
        assertThat(unchecked.code()).as(unchecked.err()).isZero();
        assertThat(unchecked.err()).contains("warning: model names not checked");
        assertThat(run("apply", typo.toString(), "--models", "no/such/dir").code()).isEqualTo(2);
        assertThat(run("list", "--models", MODELS.toString()).err())
                .contains("--models is not an option of list");
        // Another test counts what is published.
        assertThat(run("delete", "model-known").code()).isZero();
        assertThat(run("delete", "model-typo").code()).isZero();
    }

    @Test
    void onlyAHigherVersionIsPublishedAndOnlyAPublishedCampaignIsDeleted() throws Exception {
        String welcome = Files.readString(EXAMPLES.resolve("roaming-welcome.yaml"));
        Path v2 = dir.resolve("v2.yaml");
        Files.writeString(
                v2,
                welcome.replace("id: roaming-welcome", "id: versions")
                        .replace("version: 1", "version: 2"));
        Path v1 = dir.resolve("v1.yaml");
        Files.writeString(v1, welcome.replace("id: roaming-welcome", "id: versions"));
        Path edited = dir.resolve("edited.yaml");
        Files.writeString(
                edited,
                Files.readString(v2)
                        .replace("description: Roaming", "description: Edited roaming"));

        assertThat(run("apply", v2.toString()).out()).contains("applied versions v2");
        Result older = run("apply", v1.toString());
        assertThat(older.code()).isEqualTo(1);
        assertThat(older.err()).contains(v1 + ": version: 1 is not above the published version 2");
        Result sameVersion = run("apply", edited.toString());
        assertThat(sameVersion.code()).isEqualTo(1);
        assertThat(sameVersion.err())
                .contains(edited + ": version: 2 is already published with another definition");
        Result again = run("apply", v2.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("unchanged versions v2");
        assertThat(run("list").out()).containsPattern("versions +2 ");

        Result unknown = run("delete", "roaming-then-low-balance-typo");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err())
                .contains("no published campaign 'roaming-then-low-balance-typo'")
                .contains("versions");
        assertThat(run("delete", "versions").code()).isZero();
    }

    @Test
    void aCampaignShadowedByABrokenRecordIsSentAgainSoCompactionKeepsIt() throws Exception {
        String welcome = Files.readString(EXAMPLES.resolve("roaming-welcome.yaml"));
        Path file = dir.resolve("shadowed.yaml");
        Files.writeString(file, welcome.replace("id: roaming-welcome", "id: shadowed"));
        assertThat(run("apply", file.toString()).out()).contains("applied shadowed v1");
        // Written by hand after it: the job keeps v1, but compaction would keep only this one.
        produce(Topics.CONTROL_CAMPAIGNS, "shadowed", "{}");
        assertThat(run("list").out())
                .containsPattern("shadowed +1 ")
                .contains(
                        "version 1 stays in force until the topic's compaction keeps only this"
                                + " record (`campaigns apply` its file again to keep it)");

        Result again = run("apply", file.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("re-applied shadowed v1");
        Result listed = run("list");
        assertThat(listed.out()).containsPattern("shadowed +1 ").doesNotContain("do not read");
        // Once it is the latest record again, applying it changes nothing.
        assertThat(run("apply", file.toString()).out()).contains("unchanged shadowed v1");
        assertThat(run("delete", "shadowed").code()).isZero();
    }

    @Test
    void anOptOutOfOneChannelDoesNotUndoAnEarlierOptOut() throws Exception {
        String alice = "k1.ALICEALICEALICEALICEAL";
        assertThat(run("opt-out", "--subscriber", alice).code()).isZero();
        assertThat(run("opt-out", "--subscriber", alice, "--channel", "sms").code()).isZero();
        ContactPreferences said = latestPreferences(alice);
        assertThat(said.marketing()).as("still out of all marketing").isFalse();
        assertThat(said.optedOutChannels()).containsExactly(OfferChannel.SMS);

        assertThat(run("opt-out", "--subscriber", alice, "--channel", "push").code()).isZero();
        assertThat(latestPreferences(alice).optedOutChannels())
                .containsExactlyInAnyOrder(OfferChannel.SMS, OfferChannel.PUSH);

        assertThat(run("opt-in", "--subscriber", alice).code()).isZero();
        assertThat(latestPreferences(alice).marketing()).isTrue();
        assertThat(latestPreferences(alice).optedOutChannels()).isEmpty();

        // Bad values are usage errors, as a bad flag is.
        Result badChannel = run("opt-out", "--subscriber", alice, "--channel", "fax");
        assertThat(badChannel.code()).isEqualTo(2);
        assertThat(badChannel.err()).contains("--channel 'fax' is not one of");
        assertThat(run("opt-out", "--subscriber", "alice").code()).isEqualTo(2);
    }

    @Test
    void aRecordWrittenByHandThatDoesNotReadIsListedByItsKeyAndDeleted() throws Exception {
        int before = count(run("list").out());
        // As kafka-console-producer with parse.key writes them: a value cut short, and a key with
        // a trailing space over a value that is no definition.
        produce(Topics.CONTROL_CAMPAIGNS, "hand-made", "{\"id\": \"hand-made\"");
        produce(Topics.CONTROL_CAMPAIGNS, "spaced ", "{}");
        // Keyed by a subscriber's number, by mistake: the terminal never shows the number.
        produce(Topics.CONTROL_CAMPAIGNS, "+79161234567", "{}");

        Result listed = run("list");
        assertThat(listed.code()).isZero();
        assertThat(listed.out())
                .contains("records that do not read")
                .containsPattern(
                        "key 'hand-made' \\(control.campaigns partition \\d+, offset \\d+,"
                                + " @\\d+:\\d+\\): not JSON")
                .contains("key 'spaced\\x20' (")
                .contains("not a campaign of format 1")
                .contains("key '############' (")
                .doesNotContain("79161234567");
        assertThat(count(listed.out())).isEqualTo(before);

        Result unknown = run("delete", "hand");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err())
                .containsPattern(
                        "records that do not read, by key: '############' \\(@\\d+:\\d+\\),"
                                + " 'hand-made' \\(@\\d+:\\d+\\), 'spaced\\\\x20' \\(@\\d+:\\d+\\)")
                .doesNotContain("79161234567");
        java.util.regex.Matcher numbered =
                java.util.regex.Pattern.compile("key '#{5,}' \\([^)]*(@\\d+:\\d+)\\)")
                        .matcher(listed.out());
        assertThat(numbered.find()).as(listed.out()).isTrue();
        Result byReference = run("delete", numbered.group(1));
        assertThat(byReference.code()).as(byReference.err()).isZero();
        assertThat(byReference.out())
                .contains("deleted ############")
                .doesNotContain("79161234567");

        Result deleted = run("delete", "hand-made");
        assertThat(deleted.code()).as(deleted.err()).isZero();
        assertThat(deleted.out()).contains("deleted hand-made (a record that did not read");
        // As list shows the key; the tombstone carries the key as it was written.
        assertThat(run("delete", "spaced\\x20").code()).isZero();

        Result after = run("list");
        assertThat(after.out()).doesNotContain("hand-made", "spaced", "do not read");
        assertThat(count(after.out())).isEqualTo(before);
        assertThat(run("delete", "hand-made").code()).isEqualTo(1);
    }

    @Test
    void aCampaignWhoseValidityEndedIsRefusedUnlessAHistoryIsToBeReplayed() throws Exception {
        String welcome = Files.readString(EXAMPLES.resolve("roaming-welcome.yaml"));
        Path ended = dir.resolve("ended.yaml");
        Files.writeString(
                ended,
                welcome.replace("id: roaming-welcome", "id: ended-welcome")
                        .replaceAll("valid: \\{.*}", "valid: {from: 2020-01-01, to: 2020-12-31}"));
        Path current = dir.resolve("current.yaml");
        Files.writeString(current, welcome.replace("id: roaming-welcome", "id: current-welcome"));
        int before = count(run("list").out());

        Result refused = run("apply", current.toString(), ended.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err())
                .contains(
                        ended
                                + ": valid.to: campaign 'ended-welcome' ended on 2020-12-31 (its"
                                + " last day anywhere, at UTC-12, is past)")
                .contains("--allow-ended");
        assertThat(refused.out()).isEmpty();
        assertThat(count(run("list").out())).as("nothing published").isEqualTo(before);

        Result replay = run("apply", ended.toString(), "--allow-ended");
        assertThat(replay.code()).as(replay.err()).isZero();
        assertThat(replay.out())
                .contains("applied ended-welcome v1 (ended on 2020-12-31: it fires only on events");
        assertThat(run("list").out()).containsPattern("ended-welcome +1 ended ");
        assertThat(run("list", "--allow-ended").code()).isEqualTo(2);
        assertThat(run("delete", "ended-welcome").code()).isZero();
    }

    @Test
    void preferencesForANumberNoSubscriberOfOursHasAreRefusedAndAnotherOperatorsWarned()
            throws Exception {
        PseudonymKeyFile.createIfMissing(dir.resolve("secrets").resolve("pseudonym.keys"));
        long written = records(Topics.CONTROL_CONTACT_PREFERENCES);

        Result foreign =
                run("opt-out", "--msisdn", "+49 151 1234 5678", "--data-dir", dir.toString());
        assertThat(foreign.code()).isEqualTo(1);
        assertThat(foreign.err())
                .contains(
                        "campaigns: refused: --msisdn "
                                + "#".repeat("+49 151 1234 5678".length())
                                + " is a number of another country (DE): no subscriber of ours"
                                + " has one")
                .contains("numbering plan: the shipped one")
                .contains("nothing written");
        Result fixed =
                run("opt-in", "--msisdn", "+7 (495) 123-45-67", "--data-dir", dir.toString());
        assertThat(fixed.code()).isEqualTo(1);
        assertThat(fixed.err()).contains("is a fixed line (Moscow fixed line)");
        Result unallocated =
                run(
                        "opt-out",
                        "--msisdn",
                        "+79584000000",
                        "--channel",
                        "sms",
                        "--data-dir",
                        dir.toString());
        // Perhaps allocated to us after the plan was written: written, and said.
        assertThat(unallocated.code()).as(unallocated.err()).isZero();
        assertThat(unallocated.err())
                .contains("campaigns: warning: --msisdn")
                .contains("in a range no operator holds");
        assertThat(records(Topics.CONTROL_CONTACT_PREFERENCES)).isEqualTo(++written);

        // Ours if ported in: written, and said.
        Result ported = run("opt-out", "--msisdn", "89123456789", "--data-dir", dir.toString());
        assertThat(ported.code()).as(ported.err()).isZero();
        assertThat(ported.err())
                .contains(
                        "campaigns: warning: --msisdn "
                                + "#".repeat("89123456789".length())
                                + " is in another operator's range"
                                + " (Severnaya Svyaz)")
                .contains("number portability")
                .endsWith("; written" + System.lineSeparator());
        assertThat(records(Topics.CONTROL_CONTACT_PREFERENCES)).isEqualTo(written + 1);
        Result ours = run("opt-out", "--msisdn", "+79580012345", "--data-dir", dir.toString());
        assertThat(ours.code()).isZero();
        assertThat(ours.err()).isEmpty();
        for (Result r : List.of(foreign, fixed, unallocated, ported, ours)) {
            assertThat(r.out() + r.err())
                    .doesNotContain("5678", "4567", "40000", "3456789", "12345");
        }

        // A deployment's own plan, published for the immunity job, decides (its highest usable
        // version; a document the job would refuse is passed over).
        List<NumberRange> ranges = new ArrayList<>();
        for (NumberRange range : NumberingPlan.standard().ranges()) {
            ranges.add(
                    range.prefix().equals("+7912")
                            ? new NumberRange(
                                    "+7912",
                                    NumberCategory.OURS,
                                    "Convergent Mobile",
                                    "RU",
                                    250,
                                    62)
                            : range);
        }
        produce(
                Topics.CONTROL_IMMUNITY,
                ImmunityRules.CONTROL_KEY,
                new String(
                        ImmunityRules.of(1, new NumberingPlan(ranges)).toJson(),
                        StandardCharsets.UTF_8));
        produce(Topics.CONTROL_IMMUNITY, ImmunityRules.CONTROL_KEY, "{\"format\":1,\"version\":9}");
        Result nowOurs = run("opt-out", "--msisdn", "89123456789", "--data-dir", dir.toString());
        assertThat(nowOurs.code()).isZero();
        assertThat(nowOurs.err()).isEmpty();
        assertThat(run("opt-out", "--msisdn", "+4915112345678", "--data-dir", dir.toString()).err())
                .contains("(numbering plan: control.immunity version 1)");
    }

    /** How many records were ever written to {@code topic}. */
    private static long records(String topic) throws Exception {
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                KAFKA.bootstrapServers()))) {
            int partitions =
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get()
                            .get(topic)
                            .partitions()
                            .size();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            long total = 0;
            for (var offset : admin.listOffsets(latest).all().get().values()) {
                total += offset.offset();
            }
            return total;
        }
    }

    private static void produce(String topic, String key, String value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    key.getBytes(StandardCharsets.UTF_8),
                                    value.getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
    }

    /** The last record for {@code subscriber} on the preferences topic. */
    private static ContactPreferences latestPreferences(String subscriber) {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KAFKA.bootstrapServers(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        "false");
        ContactPreferences latest = null;
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(
                        config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer
                            .partitionsFor(
                                    Topics.CONTROL_CONTACT_PREFERENCES, Duration.ofSeconds(30))
                            .stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    if (subscriber.equals(record.key())) {
                        latest = ContactPreferences.fromJson(record.value());
                    }
                }
            }
        }
        return latest;
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
