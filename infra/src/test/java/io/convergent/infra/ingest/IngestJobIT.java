package io.convergent.infra.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.common.event.InputTopic;
import io.convergent.common.event.InputTopics;
import io.convergent.common.event.schema.RejectionReason;
import io.convergent.common.identity.Identifiers;
import io.convergent.common.table.Tables;
import io.convergent.common.topic.Topics;
import io.convergent.infra.generator.CollectingEventSink;
import io.convergent.infra.generator.CollectingEventSink.SentRecord;
import io.convergent.infra.generator.GenerationCounts;
import io.convergent.infra.generator.GeneratorConfig;
import io.convergent.infra.generator.GroundTruth;
import io.convergent.infra.generator.HistoryGenerator;
import io.convergent.infra.kafka.TopicProvisioner;
import io.convergent.infra.lake.LakeCatalog;
import io.convergent.infra.lake.LakeCatalogs;
import io.convergent.infra.testing.KafkaBrokerExtension;
import io.convergent.streaming.deadletter.DeadLetterSerializer;
import io.convergent.streaming.ingest.IngestJob;
import io.convergent.streaming.ingest.IngestOptions;
import io.convergent.streaming.runtime.LocalFlink;
import io.convergent.streaming.runtime.LocalJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest job on a real broker and a real Iceberg catalog: a generated population with every
 * class of malformed record and producer re-sends goes in; afterwards every valid event is in its
 * table exactly once, pseudonymised, every malformed record is in {@code events.dlq} and {@code
 * rejected_events} with its planted reason, and produced = landed + rejected + duplicates dropped.
 */
class IngestJobIT {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    /** Every n-th valid record is sent a second time, as a producer's retry would. */
    private static final int RESEND_EVERY = 37;

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9+]{5,}");
    private static final Pattern PSEUDONYM = Pattern.compile("k1\\.[A-Za-z0-9_-]{22}");

    @TempDir static Path dataDir;

    private static GenerationCounts counts;
    private static List<SentRecord> produced;
    private static List<SentRecord> resent;
    private static Map<String, Set<String>> validEventIds;
    private static Set<String> rawIdentifiers;
    private static LakeCatalog lake;

    @BeforeAll
    static void ingestAGeneratedPopulation() throws Exception {
        try (Admin admin = Admin.create(KAFKA.clientConfig())) {
            TopicProvisioner.forLocalBroker(admin).provision(Topics.all());
        }
        GeneratorConfig config =
                GeneratorConfig.builder()
                        .subscribers(300)
                        .days(2)
                        .seed(23)
                        .malformedRate(0.03)
                        .build();
        CollectingEventSink generated = new CollectingEventSink();
        counts = HistoryGenerator.write(config, generated, GroundTruth.none());

        Identifiers identifiers = Identifiers.russian();
        produced = new ArrayList<>();
        resent = new ArrayList<>();
        validEventIds = new HashMap<>();
        List<SentRecord> valid = new ArrayList<>();
        int validSeen = 0;
        for (SentRecord record : generated.records()) {
            produced.add(record);
            if (!IngestFixture.isValid(record, identifiers)) {
                continue;
            }
            valid.add(record);
            validEventIds
                    .computeIfAbsent(record.topic(), t -> new HashSet<>())
                    .add(eventIdOf(record));
            if (++validSeen % RESEND_EVERY == 0) {
                resent.add(record);
            }
            // Re-sends arrive a little later, interleaved with new records.
            if (validSeen % RESEND_EVERY == 11 && !resent.isEmpty()) {
                produced.add(resent.get(resent.size() - 1));
            }
        }
        long resentInline = produced.size() - generated.size();
        // Re-sends not yet interleaved go at the end.
        produced.addAll(resent.subList((int) resentInline, resent.size()));
        rawIdentifiers = IngestFixture.rawIdentifiers(valid, identifiers);
        IngestFixture.produce(KAFKA.bootstrapServers(), produced);

        lake = LakeCatalogs.open(dataDir);
        IngestOptions options =
                IngestFixture.options(KAFKA.bootstrapServers(), lake, dataDir).withBounded(true);
        IngestJob job = new IngestJob(options);
        job.prepareTables();
        try (LocalJob running =
                LocalJob.start(
                        "ingest-it",
                        LocalFlink.configuration(
                                dataDir.resolve("checkpoints"), Duration.ofSeconds(2), 0),
                        2,
                        job::build)) {
            running.termination().get(5, TimeUnit.MINUTES);
        }
    }

    @AfterAll
    static void closeTheLake() {
        if (lake != null) {
            lake.close();
        }
    }

    @Test
    void everyValidEventIsInItsTableExactlyOnce() throws Exception {
        for (InputTopic<?> topic : InputTopics.all()) {
            String table = Tables.rawTableOf(topic.name()).orElseThrow();
            List<Record> rows = IngestFixture.rows(lake, table);
            List<String> ids = rows.stream().map(r -> (String) r.getField("event_id")).toList();
            // Each row says when its record reached the topic, for lateness in SQL.
            assertThat(rows)
                    .as("kafka_timestamp of %s", table)
                    .allMatch(r -> r.getField("kafka_timestamp") != null);
            assertThat(ids).as("rows of %s", table).hasSize((int) counts.events(topic.name()));
            assertThat(new HashSet<>(ids))
                    .as("event ids of %s", table)
                    .isEqualTo(validEventIds.getOrDefault(topic.name(), Set.of()));
        }
    }

    @Test
    void everyMalformedRecordIsInRejectedEventsWithItsPlantedReason() throws Exception {
        List<Record> rows = IngestFixture.rows(lake, Tables.REJECTED_EVENTS);
        Map<String, Map<RejectionReason, Long>> byTopicAndReason = new HashMap<>();
        Set<String> coordinates = new HashSet<>();
        for (Record row : rows) {
            byTopicAndReason
                    .computeIfAbsent(
                            (String) row.getField("source_topic"),
                            t -> new EnumMap<>(RejectionReason.class))
                    .merge(RejectionReason.valueOf((String) row.getField("reason")), 1L, Long::sum);
            coordinates.add(
                    row.getField("source_topic")
                            + "/"
                            + row.getField("source_partition")
                            + "/"
                            + row.getField("source_offset"));
            assertThat((String) row.getField("detail")).isNotBlank();
        }
        assertThat(counts.malformed()).isPositive();
        assertThat(byTopicAndReason).isEqualTo(planted());
        assertThat(coordinates).hasSize(rows.size());
    }

    @Test
    void everyMalformedRecordIsOnTheDeadLetterTopicWithItsRawBytesAndReason() {
        Set<String> malformedPayloads =
                produced.stream()
                        .filter(r -> !IngestFixture.isValid(r, Identifiers.russian()))
                        .map(r -> Base64.getEncoder().encodeToString(r.value()))
                        .collect(Collectors.toSet());
        List<ConsumerRecord<byte[], byte[]>> letters =
                KAFKA.readAll(Topics.EVENTS_DLQ, counts.malformed());
        Map<String, Map<RejectionReason, Long>> byTopicAndReason = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> letter : letters) {
            String topic = header(letter, DeadLetterSerializer.TOPIC_HEADER);
            byTopicAndReason
                    .computeIfAbsent(topic, t -> new EnumMap<>(RejectionReason.class))
                    .merge(
                            RejectionReason.valueOf(
                                    header(letter, DeadLetterSerializer.REASON_HEADER)),
                            1L,
                            Long::sum);
            assertThat(new String(letter.key(), StandardCharsets.UTF_8))
                    .isEqualTo(
                            topic
                                    + "/"
                                    + header(letter, DeadLetterSerializer.PARTITION_HEADER)
                                    + "/"
                                    + header(letter, DeadLetterSerializer.OFFSET_HEADER));
            assertThat(malformedPayloads)
                    .as("the raw bytes of a malformed record")
                    .contains(Base64.getEncoder().encodeToString(letter.value()));
        }
        assertThat(byTopicAndReason).isEqualTo(planted());
    }

    @Test
    void producedEqualsLandedPlusRejectedPlusDuplicatesDropped() throws Exception {
        long landed = 0;
        for (String table : Tables.rawTables()) {
            landed += IngestFixture.rows(lake, table).size();
        }
        long rejected = IngestFixture.rows(lake, Tables.REJECTED_EVENTS).size();
        assertThat(resent).hasSizeGreaterThan(10);
        assertThat(produced.size()).isEqualTo(counts.records() + resent.size());
        assertThat(landed + rejected + resent.size()).isEqualTo(produced.size());
        assertThat(landed).isEqualTo(counts.events());
        assertThat(rejected).isEqualTo(counts.malformed());
    }

    @Test
    void noRawIdentifierInAnyColumnOfAnyTableNorInTheTableMetadata() throws Exception {
        assertThat(rawIdentifiers).hasSizeGreaterThan(100);
        // The detector itself finds a raw number in each spelling a leak could take.
        String phone = rawIdentifiers.stream().filter(r -> r.startsWith("+7")).findFirst().get();
        for (String spelling :
                List.of(phone, phone.substring(1), "8" + phone.substring(2), "id=" + phone)) {
            assertThatThrownBy(() -> assertNoRawIdentifier("{\"x\":\"" + spelling + "\"}", "probe"))
                    .isInstanceOf(AssertionError.class);
        }
        List<String> tables = new ArrayList<>(Tables.rawTables());
        tables.add(Tables.REJECTED_EVENTS);
        long values = 0;
        for (String table : tables) {
            for (Record row : IngestFixture.rows(lake, table)) {
                for (int i = 0; i < row.size(); i++) {
                    Object value = row.get(i);
                    if (value instanceof CharSequence text) {
                        assertNoRawIdentifier(text.toString(), table);
                        values++;
                    }
                }
            }
        }
        assertThat(values).isGreaterThan(10_000);
        // Manifests and table metadata keep column bounds: those must be pseudonyms too.
        try (Stream<Path> files = Files.walk(dataDir.resolve("warehouse"))) {
            for (Path file :
                    files.filter(Files::isRegularFile)
                            .filter(f -> f.toString().contains("/metadata/"))
                            .toList()) {
                assertNoRawIdentifier(
                        new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1),
                        file.toString());
            }
        }
        // And identifier columns hold well-formed pseudonyms, or an organisation's short number
        // or sender name in clear (the bank's 900 and its SMS sender).
        List<Record> calls = IngestFixture.rows(lake, Tables.RAW_CALLS);
        for (Record call : calls) {
            assertThat((String) call.getField("calling_number")).matches(PSEUDONYM);
            assertThat((String) call.getField("called_number")).matches(PSEUDONYM + "|svc:900");
        }
        assertThat(calls).anyMatch(call -> "svc:900".equals(call.getField("called_number")));
        List<Record> texts = IngestFixture.rows(lake, Tables.RAW_SMS);
        for (Record sms : texts) {
            assertThat((String) sms.getField("sender_number")).matches(PSEUDONYM + "|svc:SBERBANK");
        }
        assertThat(texts).anyMatch(sms -> "svc:SBERBANK".equals(sms.getField("sender_number")));
    }

    private static void assertNoRawIdentifier(String text, String where) {
        Matcher tokens = TOKEN.matcher(text);
        while (tokens.find()) {
            String token = tokens.group();
            String digits = token.startsWith("+") ? token.substring(1) : token;
            boolean leak =
                    rawIdentifiers.contains(token)
                            || rawIdentifiers.contains(digits)
                            || (digits.length() >= 10
                                    && digits.chars().allMatch(Character::isDigit)
                                    && rawIdentifiers.contains(
                                            digits.substring(digits.length() - 10)));
            assertThat(leak).as("%s holds a raw identifier", where).isFalse();
        }
    }

    private static Map<String, Map<RejectionReason, Long>> planted() {
        Map<String, Map<RejectionReason, Long>> planted = new HashMap<>();
        counts.malformedByReason()
                .forEach(
                        (topic, byReason) -> {
                            if (!byReason.isEmpty()) {
                                planted.put(topic, new EnumMap<>(byReason));
                            }
                        });
        return planted;
    }

    private static String eventIdOf(SentRecord record) {
        Matcher id =
                Pattern.compile("\"eventId\"\\s*:\\s*\"([^\"]+)\"").matcher(record.valueText());
        assertThat(id.find()).as("event id in %s", record.valueText()).isTrue();
        return id.group(1);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
