package io.convergent.infra.immunity;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.event.CallEvent;
import io.convergent.common.event.Ingress;
import io.convergent.common.event.InputTopics;
import io.convergent.common.event.ReleaseCause;
import io.convergent.common.event.schema.RejectionReason;
import io.convergent.common.fraud.FraudSignal;
import io.convergent.common.identity.Identifiers;
import io.convergent.common.identity.PseudonymKeyFile;
import io.convergent.common.identity.PseudonymKeyRing;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.immunity.CallAction;
import io.convergent.common.immunity.DecisionReason;
import io.convergent.common.immunity.HintLabel;
import io.convergent.common.immunity.ImmunityDecision;
import io.convergent.common.immunity.ImmunityHint;
import io.convergent.common.immunity.ImmunityRules;
import io.convergent.common.numbering.NumberCategory;
import io.convergent.common.table.Tables;
import io.convergent.common.topic.Topics;
import io.convergent.infra.batch.BatchCommand;
import io.convergent.infra.evaluate.CallerTruth;
import io.convergent.infra.evaluate.FraudEvaluation;
import io.convergent.infra.evaluate.FraudTruth;
import io.convergent.infra.evaluate.ImmunityEvaluation;
import io.convergent.infra.evaluate.MassDialScore;
import io.convergent.infra.evaluate.SpoofingTruth;
import io.convergent.infra.evaluate.TopicSnapshot;
import io.convergent.infra.generator.GenerationCounts;
import io.convergent.infra.generator.GeneratorConfig;
import io.convergent.infra.generator.GroundTruth;
import io.convergent.infra.generator.HistoryGenerator;
import io.convergent.infra.generator.KafkaEventSink;
import io.convergent.infra.generator.ScenarioRates;
import io.convergent.infra.kafka.TopicProvisioner;
import io.convergent.infra.lake.LakeCatalog;
import io.convergent.infra.lake.LakeCatalogs;
import io.convergent.infra.testing.KafkaBrokerExtension;
import io.convergent.streaming.immunity.ImmunityJob;
import io.convergent.streaming.immunity.ImmunityOptions;
import io.convergent.streaming.runtime.LocalFlink;
import io.convergent.streaming.runtime.LocalJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
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
 * The immunity job's caller-id layer on a real broker: a generated population (a seed no rule was
 * written against) with spoofed calls of every kind, roaming subscribers calling home and malformed
 * records goes in; every valid call gets exactly one decision, the spoofed ones are caught at the
 * issue's quality targets, and no decision carries a raw number.
 */
class ImmunityJobIT {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Pattern RAW_NUMBER = Pattern.compile("\\+[0-9]{6,}|\"[0-9]{10,15}\"");

    /** The event id of the one call whose caller withheld the number. */
    private static final String WITHHELD_CALL = "it-withheld-1";

    @TempDir static Path dataDir;

    private static GenerationCounts counts;
    private static SpoofingTruth truth;
    private static CallerTruth callers;
    private static FraudTruth fraudTruth;
    private static List<byte[]> payloads;
    private static List<ImmunityDecision> decisions;
    private static LakeCatalog lake;

    @BeforeAll
    static void runTheJobOverAGeneratedPopulation() throws Exception {
        try (Admin admin = Admin.create(KAFKA.clientConfig())) {
            TopicProvisioner.forLocalBroker(admin).provision(Topics.all());
        }
        // A refused document first: the job must keep the rules in force and go on.
        publishRules("{\"format\": 1, \"version\": \"two\"}".getBytes(StandardCharsets.UTF_8));
        publishRules(ImmunityRules.standard().withVersion(1).toJson());

        Path truthDir = dataDir.resolve("truth");
        GeneratorConfig config =
                GeneratorConfig.builder()
                        .subscribers(600)
                        .days(4)
                        // Not 4141, the seed the reputation thresholds were tuned on.
                        .seed(5_151)
                        .malformedRate(0.01)
                        // Other proportions than the defaults: 25 times the forged calls, four
                        // times the mass diallers and the legitimate bulk callers.
                        .rates(
                                ScenarioRates.DEFAULTS
                                        .withSpoofedCallRate(0.1)
                                        .withSpammers(0.01)
                                        .withBulkCallers(0.01)
                                        .withSocialEngineeringRate(0.01)
                                        .withSimSwapRate(0.01))
                        .build();
        try (KafkaEventSink sink = new KafkaEventSink(KAFKA.bootstrapServers());
                GroundTruth groundTruth = GroundTruth.writingTo(truthDir)) {
            counts = HistoryGenerator.write(config, sink, groundTruth);
        }
        // A call whose caller withheld the number, at noon of the second day.
        long noon = (config.startDay() + 1) * 86_400_000L + 43_200_000L;
        publish(
                Topics.TELCO_CALLS,
                null,
                InputTopics.CALLS.serialise(
                        new CallEvent(
                                WITHHELD_CALL,
                                noon,
                                "call-withheld",
                                null,
                                "+79580012345",
                                Ingress.INTERNATIONAL,
                                noon,
                                noon + 5_000,
                                noon + 65_000,
                                ReleaseCause.NORMAL,
                                null,
                                null)));
        truth = SpoofingTruth.read(truthDir);
        fraudTruth = FraudTruth.read(truthDir);

        Path keyFile = dataDir.resolve("secrets/pseudonym.keys");
        PseudonymKeyFile.createIfMissing(keyFile);
        callers =
                CallerTruth.read(
                        truthDir,
                        new Pseudonymiser(
                                PseudonymKeyRing.readFile(keyFile), Identifiers.russian()));
        lake = LakeCatalogs.open(dataDir);
        Map<String, String> settings = new HashMap<>();
        settings.put(ImmunityOptions.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        settings.put(ImmunityOptions.KEY_FILE, keyFile.toString());
        settings.put(ImmunityOptions.GROUP_ID, "it-immunity");
        lake.properties().forEach((k, v) -> settings.put(ImmunityOptions.LAKE_PREFIX + k, v));
        ImmunityOptions options = ImmunityOptions.fromMap(settings).withBounded(true);
        ImmunityJob job = new ImmunityJob(options);
        job.prepareTables();
        try (LocalJob running =
                LocalJob.start(
                        "immunity-it",
                        LocalFlink.configuration(
                                dataDir.resolve("checkpoints"), Duration.ofSeconds(2), 0),
                        2,
                        job::build)) {
            running.termination().get(5, TimeUnit.MINUTES);
        }
        payloads =
                TopicSnapshot.read(
                        KAFKA.bootstrapServers(),
                        Topics.IMMUNITY_DECISIONS,
                        Duration.ofMinutes(1),
                        record -> record.value());
        decisions = payloads.stream().map(ImmunityDecision::fromJson).toList();
    }

    @Test
    void everyValidCallGetsExactlyOneDecision() {
        Set<String> decided = new HashSet<>();
        for (ImmunityDecision decision : decisions) {
            assertThat(decided.add(decision.eventId()))
                    .as("second decision for %s", decision.eventId())
                    .isTrue();
        }
        // The generated calls, the one whose caller withheld the number, and the malformed ones
        // whose only fault is a caller id that is no number (the switch still waits on them).
        assertThat(decided)
                .hasSize((int) (counts.events(Topics.TELCO_CALLS) + 1 + malformedCallerIds()));
    }

    /** Malformed call records the generator wrote with a caller id that is no number. */
    private static long malformedCallerIds() {
        return counts.malformedByReason()
                .getOrDefault(Topics.TELCO_CALLS, Map.of())
                .getOrDefault(RejectionReason.INVALID_E164, 0L);
    }

    @Test
    void aCallWithAWithheldNumberIsDecidedWithoutOne() {
        assertThat(decisions)
                .filteredOn(d -> d.eventId().equals(WITHHELD_CALL))
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.action()).isEqualTo(CallAction.ALLOW);
                            assertThat(d.callerCategory()).isEqualTo(NumberCategory.WITHHELD);
                            assertThat(d.caller()).isNull();
                        });
        assertThat(decisions)
                .filteredOn(d -> d.callerCategory() == NumberCategory.WITHHELD)
                .hasSize(1);
    }

    @Test
    void spoofedCallsAreCaughtAtTheQualityTargets() {
        ImmunityEvaluation evaluation = evaluation();
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        evaluation.print(new PrintStream(report, true, StandardCharsets.UTF_8));
        System.out.println(report.toString(StandardCharsets.UTF_8));

        assertThat(truth.kindByEventId().values())
                .as("the run must hold every kind of forgery")
                .contains("OUR_NUMBER", "DOMESTIC_VIA_INTERNATIONAL", "UNALLOCATED");
        assertThat(evaluation.callerId().positives()).isGreaterThan(100);
        assertThat(evaluation.callerId().precision()).isGreaterThanOrEqualTo(0.999);
        assertThat(evaluation.callerId().recall()).isGreaterThanOrEqualTo(0.99);
        assertThat(malformedCallerIds()).as("malformed caller ids in the run").isPositive();
        assertThat(evaluation.invalidCallerIds()).isEqualTo(malformedCallerIds());
    }

    @Test
    void massDiallersAreBlockedAtTheQualityTargetsAndLegitimateCallersAreNot() {
        MassDialScore massDialling = evaluation().massDialling();

        assertThat(massDialling.spammers())
                .as("mass diallers in the run")
                .isGreaterThanOrEqualTo(4);
        assertThat(massDialling.bulkCallers())
                .as("bulk callers in the run")
                .isGreaterThanOrEqualTo(4);
        assertThat(massDialling.callRecall()).isGreaterThanOrEqualTo(0.95);
        assertThat(massDialling.numberRecall()).isEqualTo(1.0);
        assertThat(massDialling.falseBlockRate()).isLessThanOrEqualTo(0.001);
    }

    @Test
    void fraudulentTransfersAreSignalledAtTheQualityTargets() {
        List<byte[]> signalPayloads =
                TopicSnapshot.read(
                        KAFKA.bootstrapServers(),
                        Topics.BANK_FRAUD_SIGNALS,
                        Duration.ofMinutes(1),
                        record -> record.value());
        List<FraudSignal> signals = signalPayloads.stream().map(FraudSignal::fromJson).toList();
        Map<String, Long> transfers =
                FraudEvaluation.transfersIn(
                        TopicSnapshot.read(
                                KAFKA.bootstrapServers(),
                                Topics.BANK_TRANSACTIONS,
                                Duration.ofMinutes(1),
                                record -> record.value()));
        FraudEvaluation evaluation =
                FraudEvaluation.of(fraudTruth, signals, transfers, Duration.ofDays(1));
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        evaluation.print(new PrintStream(report, true, StandardCharsets.UTF_8));
        System.out.println(report.toString(StandardCharsets.UTF_8));

        assertThat(evaluation.byScenario()).containsKeys("SOCIAL_ENGINEERING", "SIM_SWAP_TAKEOVER");
        assertThat(evaluation.fraudulent()).isGreaterThanOrEqualTo(10);
        assertThat(evaluation.recall()).isGreaterThanOrEqualTo(0.9);
        assertThat(evaluation.falseHoldRate()).isLessThanOrEqualTo(0.005);
        for (byte[] payload : signalPayloads) {
            assertThat(RAW_NUMBER.matcher(new String(payload, StandardCharsets.UTF_8)).find())
                    .as("a fraud signal with a raw number")
                    .isFalse();
        }
    }

    private static ImmunityEvaluation evaluation() {
        return ImmunityEvaluation.of(truth, callers, decisions, Duration.ofDays(1));
    }

    @AfterAll
    static void closeTheLake() {
        if (lake != null) {
            lake.close();
        }
    }

    @Test
    void blockedAndFlaggedCallsAreRecordedInTheTableOnceEach() throws Exception {
        Set<String> expected = new HashSet<>();
        for (ImmunityDecision decision : decisions) {
            if (decision.reason() != null) {
                expected.add(decision.decisionId());
            }
        }
        List<org.apache.iceberg.data.Record> rows = new ArrayList<>();
        try (CloseableIterable<org.apache.iceberg.data.Record> scan =
                IcebergGenerics.read(
                                lake.catalog()
                                        .loadTable(
                                                TableIdentifier.of(
                                                        Tables.NAMESPACE,
                                                        Tables.IMMUNITY_DECISIONS)))
                        .build()) {
            scan.forEach(rows::add);
        }

        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(rows)
                .extracting(r -> (String) r.getField("decision_id"))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(rows)
                .allSatisfy(r -> assertThat((String) r.getField("caller")).startsWith("k1."));
        Map<String, ImmunityDecision> byId = new HashMap<>();
        decisions.forEach(d -> byId.put(d.decisionId(), d));
        assertThat(rows)
                .allSatisfy(
                        row -> {
                            ImmunityDecision decision = byId.get(row.getField("decision_id"));
                            Object label = row.getField("hint_label");
                            if (decision.flagged()) {
                                assertThat(label)
                                        .isEqualTo(
                                                ImmunityHint.forFlaggedCall(decision)
                                                        .label()
                                                        .name());
                            } else {
                                assertThat(label).isNull();
                            }
                        });
    }

    @Test
    void theDailyStatisticsAddUpToTheDecisionsOnTheTopic() throws Exception {
        Map<String, Long> expected = new TreeMap<>();
        TreeSet<LocalDate> days = new TreeSet<>();
        for (ImmunityDecision decision : decisions) {
            if (decision.reason() != null) {
                LocalDate day =
                        Instant.ofEpochMilli(decision.callTime())
                                .atZone(ZoneOffset.UTC)
                                .toLocalDate();
                days.add(day);
                expected.merge(
                        day + " " + decision.layer() + " " + decision.action(), 1L, Long::sum);
            }
        }

        BatchCommand.runDays(
                lake.properties(),
                days.first(),
                days.last(),
                EnumSet.of(BatchCommand.Step.IMMUNITY_STATISTICS),
                List.of(),
                line -> {});

        Map<String, Long> counted = new TreeMap<>();
        try (CloseableIterable<org.apache.iceberg.data.Record> scan =
                IcebergGenerics.read(
                                lake.catalog()
                                        .loadTable(
                                                TableIdentifier.of(
                                                        Tables.NAMESPACE,
                                                        Tables.IMMUNITY_DAILY_STATS)))
                        .build()) {
            for (org.apache.iceberg.data.Record row : scan) {
                counted.merge(
                        row.getField("day")
                                + " "
                                + row.getField("layer")
                                + " "
                                + row.getField("action"),
                        (Long) row.getField("calls"),
                        Long::sum);
            }
        }
        assertThat(counted).isEqualTo(expected);
    }

    @Test
    void everyFlaggedCallHintsTheCalledPhoneOnce() {
        List<ImmunityHint> hints =
                TopicSnapshot.read(
                        KAFKA.bootstrapServers(),
                        Topics.IMMUNITY_HINTS,
                        Duration.ofMinutes(1),
                        record -> {
                            ImmunityHint hint = ImmunityHint.fromJson(record.value());
                            assertThat(new String(record.key(), StandardCharsets.UTF_8))
                                    .isEqualTo(hint.subscriber());
                            assertThat(
                                            RAW_NUMBER
                                                    .matcher(
                                                            new String(
                                                                    record.value(),
                                                                    StandardCharsets.UTF_8))
                                                    .find())
                                    .isFalse();
                            return hint;
                        });
        List<ImmunityDecision> flagged =
                decisions.stream().filter(ImmunityDecision::flagged).toList();

        assertThat(flagged).isNotEmpty();
        assertThat(hints)
                .extracting(ImmunityHint::eventId)
                .containsExactlyInAnyOrderElementsOf(
                        flagged.stream().map(ImmunityDecision::eventId).toList());
        assertThat(hints)
                .allSatisfy(
                        h ->
                                assertThat(h.label())
                                        .isEqualTo(
                                                h.reason() == DecisionReason.POOR_REPUTATION
                                                        ? HintLabel.POSSIBLE_SPAM
                                                        : HintLabel.POSSIBLE_FRAUD));
        assertThat(hints)
                .extracting(ImmunityHint::label)
                .as("both kinds of hint")
                .contains(HintLabel.POSSIBLE_SPAM, HintLabel.POSSIBLE_FRAUD);
    }

    @Test
    void noDecisionCarriesARawNumber() {
        for (byte[] payload : payloads) {
            assertThat(RAW_NUMBER.matcher(new String(payload, StandardCharsets.UTF_8)).find())
                    .as("a decision payload with a raw number")
                    .isFalse();
        }
        assertThat(decisions)
                .filteredOn(d -> d.callerCategory() != NumberCategory.WITHHELD)
                .allSatisfy(d -> assertThat(d.caller()).matches("k1\\.[A-Za-z0-9_-]{22}"));
        // A callee is a pseudonym, or a short number in clear (the bank's 900).
        assertThat(decisions)
                .allSatisfy(
                        d ->
                                assertThat(d.callee())
                                        .matches("k1\\.[A-Za-z0-9_-]{22}|svc:[0-9]{2,6}"));
        assertThat(decisions).anyMatch(d -> d.callee().equals("svc:900"));
    }

    private static void publishRules(byte[] document) throws Exception {
        publish(
                Topics.CONTROL_IMMUNITY,
                ImmunityRules.CONTROL_KEY.getBytes(StandardCharsets.UTF_8),
                document);
    }

    private static void publish(String topic, byte[] key, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }
}
