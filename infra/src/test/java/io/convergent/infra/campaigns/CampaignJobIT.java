package io.convergent.infra.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.convergent.common.campaigns.CampaignDefinition;
import io.convergent.common.campaigns.CampaignDefinitions;
import io.convergent.common.campaigns.ContactPolicy;
import io.convergent.common.identity.PseudonymKeyFile;
import io.convergent.common.table.Tables;
import io.convergent.common.topic.Topics;
import io.convergent.infra.evaluate.TopicSnapshot;
import io.convergent.infra.generator.GenerationCounts;
import io.convergent.infra.generator.GeneratorConfig;
import io.convergent.infra.generator.GroundTruth;
import io.convergent.infra.generator.HistoryGenerator;
import io.convergent.infra.generator.KafkaEventSink;
import io.convergent.infra.kafka.TopicProvisioner;
import io.convergent.infra.lake.LakeCatalog;
import io.convergent.infra.lake.LakeCatalogs;
import io.convergent.infra.testing.KafkaBrokerExtension;
import io.convergent.streaming.campaigns.CampaignJob;
import io.convergent.streaming.campaigns.CampaignOptions;
import io.convergent.streaming.deadletter.DeadLetterSerializer;
import io.convergent.streaming.runtime.LocalFlink;
import io.convergent.streaming.runtime.LocalJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The campaign job on a real broker and lake over a generated population (a seed nothing was tuned
 * on), with six campaigns competing for the same subscribers and one broken definition on the
 * topic: the contact policy holds across all of them, the control group is kept out, the topic and
 * the table agree, and nothing raw is written.
 */
class CampaignJobIT {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dataDir;

    private static LakeCatalog lake;
    private static GenerationCounts counts;
    private static List<JsonNode> offers;
    private static List<Map<String, String>> deadLetters;
    private static List<Record> triggers;
    private static List<Record> outcomes;
    private static Set<String> rawNumbers;

    static final List<String> CAMPAIGNS =
            List.of(
                    """
                    id: it-roaming
                    version: 1
                    trigger: {event: roaming_entry}
                    offer: {code: ROAM, channel: push}
                    valid: {from: 2020-01-01, to: 2030-12-31}
                    control_share: 0.2
                    priority: 60
                    conversion: {event: package_purchase, product: roaming_package, within: P3D}
                    """,
                    """
                    id: it-low-balance
                    version: 1
                    trigger: {event: balance_below, threshold_rub: 100}
                    offer: {code: TOPUP, channel: sms}
                    valid: {from: 2020-01-01, to: 2030-12-31}
                    control_share: 0.2
                    priority: 40
                    cooldown: P2D
                    conversion: {event: top_up, within: P2D}
                    """,
                    """
                    id: it-top-up-thanks
                    version: 1
                    trigger: {event: top_up, min_rub: 100}
                    offer: {code: THANKS, channel: push}
                    valid: {from: 2020-01-01, to: 2030-12-31}
                    control_share: 0.1
                    priority: 10
                    cooldown: PT1H
                    """,
                    """
                    id: it-port-out
                    version: 1
                    trigger: {event: port_out_request}
                    offer: {code: STAY, channel: call_centre}
                    valid: {from: 2020-01-01, to: 2030-12-31}
                    control_share: 0.2
                    priority: 90
                    """,
                    """
                    id: it-new-device
                    version: 1
                    trigger: {event: new_device}
                    offer: {code: INSURE, channel: email}
                    valid: {from: 2020-01-01, to: 2030-12-31}
                    control_share: 0.2
                    priority: 30
                    """,
                    """
                    id: it-abroad-low
                    version: 1
                    trigger:
                      sequence: [{event: roaming_entry}, {event: balance_below, threshold_rub: 300}]
                      within: P2D
                    offer: {code: ABROAD-TOPUP, channel: sms}
                    valid: {from: 2020-01-01, to: 2030-12-31}
                    control_share: 0.1
                    priority: 70
                    """);

    @BeforeAll
    static void runTheJobOverAGeneratedPopulation() throws Exception {
        try (Admin admin = Admin.create(KAFKA.clientConfig())) {
            TopicProvisioner.forLocalBroker(admin).provision(Topics.all());
        }
        Path keyFile = dataDir.resolve("secrets/pseudonym.keys");
        PseudonymKeyFile.createIfMissing(keyFile);
        // A definition that skipped the CLI's checks: the job refuses it and goes on.
        publish(
                Topics.CONTROL_CAMPAIGNS,
                "it-broken",
                "{\"format\":1,\"id\":\"it-broken\",\"version\":1}");
        // Preferences a CRM wrote wrongly: dead-lettered with the reason, nothing else lost.
        publish(
                Topics.CONTROL_CONTACT_PREFERENCES,
                "k1.AAAAAAAAAAAAAAAAAAAAAA",
                "{\"format\":1,\"subscriber\":\"customer-42\",\"marketing\":false}");
        for (String yaml : CAMPAIGNS) {
            CampaignDefinition c = CampaignDefinitions.parse(yaml, "it.yaml");
            publish(Topics.CONTROL_CAMPAIGNS, c.id(), new String(CampaignDefinitions.toJson(c)));
        }
        GeneratorConfig config =
                GeneratorConfig.builder().subscribers(500).days(6).seed(7_272).build();
        try (KafkaEventSink sink = new KafkaEventSink(KAFKA.bootstrapServers());
                GroundTruth truth = GroundTruth.writingTo(dataDir.resolve("truth"))) {
            counts = HistoryGenerator.write(config, sink, truth);
        }
        lake = LakeCatalogs.open(dataDir);
        Map<String, String> settings = new HashMap<>();
        settings.put(CampaignOptions.SECTION + "group-id", "it-campaigns");
        settings.put("convergent.kafka.bootstrap-servers", KAFKA.bootstrapServers());
        settings.put("convergent.pseudonym.key-file", keyFile.toString());
        lake.properties().forEach((k, v) -> settings.put("convergent.lake." + k, v));
        CampaignJob job = new CampaignJob(CampaignOptions.fromMap(settings).withBounded(true));
        job.prepareTables();
        try (LocalJob running =
                LocalJob.start(
                        "campaigns-it",
                        LocalFlink.configuration(
                                dataDir.resolve("checkpoints"), Duration.ofSeconds(2), 0),
                        2,
                        job::build)) {
            running.termination().get(5, TimeUnit.MINUTES);
        }
        offers =
                TopicSnapshot.read(
                        KAFKA.bootstrapServers(),
                        Topics.CRM_TRIGGERS,
                        Duration.ofMinutes(1),
                        record -> tree(record.value()));
        deadLetters =
                TopicSnapshot.read(
                        KAFKA.bootstrapServers(),
                        Topics.EVENTS_DLQ,
                        Duration.ofMinutes(1),
                        record -> {
                            Map<String, String> headers = new HashMap<>();
                            record.headers()
                                    .forEach(
                                            h ->
                                                    headers.put(
                                                            h.key(),
                                                            new String(
                                                                    h.value(),
                                                                    StandardCharsets.UTF_8)));
                            return headers;
                        });
        triggers = rows(Tables.CAMPAIGN_TRIGGERS);
        outcomes = rows(Tables.CAMPAIGN_OUTCOMES);
        rawNumbers = new HashSet<>();
        for (String topic :
                List.of(Topics.TELCO_NETWORK, Topics.TELCO_BILLING, Topics.BANK_PRODUCTS)) {
            TopicSnapshot.read(
                            KAFKA.bootstrapServers(),
                            topic,
                            Duration.ofMinutes(1),
                            record -> tree(record.value()).path("msisdn").asText(""))
                    .stream()
                    .filter(n -> n.startsWith("+7"))
                    .forEach(rawNumbers::add);
        }
    }

    @AfterAll
    static void closeTheLake() {
        if (lake != null) {
            lake.close();
        }
    }

    @Test
    void everyCampaignFiresAndTheTopicCarriesExactlyTheSentTriggers() {
        Map<String, Long> byCampaign =
                triggers.stream()
                        .collect(
                                Collectors.groupingBy(
                                        r -> (String) r.getField("campaign_id"),
                                        Collectors.counting()));
        System.out.println("campaign triggers by campaign: " + byCampaign);
        assertThat(byCampaign.keySet())
                .containsExactlyInAnyOrder(
                        "it-roaming",
                        "it-low-balance",
                        "it-top-up-thanks",
                        "it-port-out",
                        "it-new-device",
                        "it-abroad-low");
        assertThat(triggers)
                .extracting(r -> (String) r.getField("trigger_id"))
                .doesNotHaveDuplicates();
        Set<String> sent =
                triggers.stream()
                        .filter(r -> r.getField("status").equals("SENT"))
                        .map(r -> (String) r.getField("trigger_id"))
                        .collect(Collectors.toSet());
        assertThat(offers).allSatisfy(o -> assertThat(o.path("status").asText()).isEqualTo("sent"));
        assertThat(offers.stream().map(o -> o.path("triggerId").asText()).toList())
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(sent);
        assertThat(sent).hasSizeGreaterThan(100);
    }

    @Test
    void theContactPolicyHoldsAcrossAllCampaigns() {
        ContactPolicy policy = ContactPolicy.standard();
        Map<String, List<Record>> sentBySubscriber =
                triggers.stream()
                        .filter(r -> r.getField("status").equals("SENT"))
                        .collect(Collectors.groupingBy(r -> (String) r.getField("subscriber")));
        for (List<Record> sent : sentBySubscriber.values()) {
            List<Long> times = sent.stream().map(CampaignJobIT::time).sorted().toList();
            for (int i = 0; i < times.size(); i++) {
                long start = times.get(i);
                long inWeek =
                        times.stream()
                                .filter(t -> t >= start && t - start < 7 * 86_400_000L)
                                .count();
                assertThat(inWeek).isLessThanOrEqualTo(policy.maxPerWeek());
            }
            // At most one contact per event, whatever fired on it.
            assertThat(sent.stream().map(r -> (String) r.getField("trigger_event_id")).toList())
                    .doesNotHaveDuplicates();
        }
        Map<String, Long> reasons =
                triggers.stream()
                        .filter(r -> r.getField("status").equals("SUPPRESSED"))
                        .collect(
                                Collectors.groupingBy(
                                        r -> (String) r.getField("reason"), Collectors.counting()));
        System.out.println("suppressed by reason: " + reasons);
        assertThat(reasons).containsKeys("weekly_cap", "outranked", "cooldown");
    }

    @Test
    void quietHoursHoldOffersUntilTheyEndInEachSubscribersOwnTime() {
        Set<String> offsetsSeen = new HashSet<>();
        int held = 0;
        int atNine = 0;
        for (Record r : triggers) {
            OffsetDateTime local = OffsetDateTime.parse((String) r.getField("local_time"));
            offsetsSeen.add(local.getOffset().getId());
            boolean quiet = local.getHour() >= 21 || local.getHour() < 9;
            boolean delivered = !r.getField("status").equals("SUPPRESSED");
            if (delivered && !r.getField("channel").equals("EMAIL")) {
                assertThat(quiet).as("delivered at %s", local).isFalse();
            }
            if (time(r, "judged_at") > time(r)) {
                // Held over quiet hours, judged when they ended: 09:00 local, unless the job
                // learnt meanwhile where the subscriber lives (then later in their day).
                held++;
                atNine += local.toLocalTime().equals(java.time.LocalTime.of(9, 0)) ? 1 : 0;
                assertThat(quiet).isFalse();
                assertThat(time(r, "judged_at") - time(r)).isLessThanOrEqualTo(12 * 3_600_000L);
            }
        }
        assertThat(held).as("offers held over quiet hours").isGreaterThan(50);
        assertThat(atNine).isGreaterThan(held / 2);
        // The generated population lives in several time zones, and some travel.
        assertThat(offsetsSeen.size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void theControlGroupIsKeptOutAndStable() {
        Map<String, Set<String>> sideByCampaignAndSubscriber = new HashMap<>();
        long sent = 0;
        long control = 0;
        for (Record r : triggers) {
            String status = (String) r.getField("status");
            if (status.equals("SUPPRESSED")) {
                continue;
            }
            sent += status.equals("SENT") ? 1 : 0;
            control += status.equals("CONTROL") ? 1 : 0;
            sideByCampaignAndSubscriber
                    .computeIfAbsent(
                            r.getField("campaign_id") + "|" + r.getField("subscriber"),
                            k -> new HashSet<>())
                    .add(status);
        }
        assertThat(sideByCampaignAndSubscriber.values())
                .as("a subscriber on both sides of one campaign")
                .allSatisfy(sides -> assertThat(sides).hasSize(1));
        double share = control / (double) (sent + control);
        assertThat(share).isBetween(0.08, 0.3);
        Set<String> controlIds =
                triggers.stream()
                        .filter(r -> r.getField("status").equals("CONTROL"))
                        .map(r -> (String) r.getField("trigger_id"))
                        .collect(Collectors.toSet());
        assertThat(offers).noneMatch(o -> controlIds.contains(o.path("triggerId").asText()));
    }

    @Test
    void conversionsAreAttributedToSentOrControlTriggersAndTheReportShowsTheUplift() {
        Map<String, Record> byId = new HashMap<>();
        triggers.forEach(r -> byId.put((String) r.getField("trigger_id"), r));
        for (Record outcome : outcomes) {
            Record trigger = byId.get((String) outcome.getField("trigger_id"));
            assertThat(trigger).isNotNull();
            assertThat(trigger.getField("status")).isEqualTo(outcome.getField("group"));
            assertThat(time(outcome, "converted_at")).isGreaterThan(time(trigger));
        }
        assertThat(outcomes).isNotEmpty();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                CampaignReport.run(
                        new String[] {"campaigns", "--data-dir", dataDir.toString()},
                        new PrintStream(out),
                        new PrintStream(err));
        String report = out.toString(StandardCharsets.UTF_8);
        System.out.println(report);
        assertThat(code).as(err.toString()).isZero();
        assertThat(report).contains("it-roaming", "it-low-balance", "pp [", "suppressed:");
    }

    @Test
    void preferencesThatDoNotReadAreDeadLetteredWithTheirReason() {
        assertThat(deadLetters).hasSize(1);
        Map<String, String> headers = deadLetters.get(0);
        assertThat(headers)
                .containsEntry(
                        DeadLetterSerializer.TOPIC_HEADER, Topics.CONTROL_CONTACT_PREFERENCES)
                .containsEntry(DeadLetterSerializer.REASON_HEADER, "INVALID_VALUE");
        assertThat(headers.get(DeadLetterSerializer.DETAIL_HEADER)).contains("not a pseudonym");
    }

    @Test
    void nothingTheJobWritesHoldsARawNumber() throws Exception {
        assertThat(rawNumbers).hasSizeGreaterThan(400);
        Set<String> tails =
                rawNumbers.stream()
                        .map(n -> n.substring(n.length() - 10))
                        .collect(Collectors.toSet());
        List<String> written = new ArrayList<>();
        offers.forEach(o -> written.add(o.toString()));
        for (Record r : triggers) {
            written.add(r.toString());
        }
        for (Record r : outcomes) {
            written.add(r.toString());
        }
        try (var files = Files.walk(dataDir.resolve("warehouse"))) {
            for (Path file :
                    files.filter(Files::isRegularFile)
                            .filter(f -> f.toString().contains("/metadata/"))
                            .toList()) {
                written.add(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        java.util.regex.Pattern digits = java.util.regex.Pattern.compile("\\d{10,}");
        for (String text : written) {
            var m = digits.matcher(text);
            while (m.find()) {
                String run = m.group();
                assertThat(tails)
                        .as("a raw number in what the job wrote")
                        .doesNotContain(run.substring(run.length() - 10));
            }
        }
    }

    private static JsonNode tree(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long time(Record r) {
        return time(r, "triggered_at");
    }

    private static long time(Record r, String field) {
        return ((OffsetDateTime) r.getField(field)).toInstant().toEpochMilli();
    }

    private static List<Record> rows(String table) throws Exception {
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> scan =
                IcebergGenerics.read(
                                lake.catalog()
                                        .loadTable(TableIdentifier.of(Tables.NAMESPACE, table)))
                        .build()) {
            scan.forEach(rows::add);
        }
        rows.sort(Comparator.comparing(r -> (String) r.getField("trigger_id")));
        return rows;
    }

    private static void publish(String topic, String key, String value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                                    value.getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        }
    }
}
