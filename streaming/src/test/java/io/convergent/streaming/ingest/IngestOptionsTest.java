package io.convergent.streaming.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ingest job's typed options: defaults, round trip through flat keys, and refusals. */
class IngestOptionsTest {

    private static final Map<String, String> MINIMAL =
            Map.of(
                    "convergent.kafka.bootstrap-servers", "localhost:9092",
                    "convergent.lake.uri", "jdbc:sqlite:/tmp/lake.db");

    @Test
    void fillsInTheDocumentedDefaults() {
        IngestOptions options = IngestOptions.fromMap(MINIMAL);

        assertThat(options.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(options.catalogProperties())
                .containsExactlyEntriesOf(Map.of("uri", "jdbc:sqlite:/tmp/lake.db"));
        assertThat(options.keyFile()).isNull();
        assertThat(options.groupId()).isEqualTo("convergent-ingest");
        assertThat(options.bounded()).isFalse();
        assertThat(options.maxOutOfOrderness()).isEqualTo(Duration.ofMinutes(5));
        assertThat(options.idleness()).isEqualTo(Duration.ofMinutes(1));
        assertThat(options.dedupTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(options.dedupFilterMaxBytes()).isEqualTo(32L << 20);
        assertThat(options.tableMaintenance()).isTrue();
        assertThat(options.compactionCommits()).isEqualTo(10);
        assertThat(options.snapshotMaxAge()).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void readsEveryKey() {
        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.put("convergent.lake.warehouse", "file:/tmp/warehouse");
        settings.put("convergent.lake.catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog");
        settings.put("convergent.pseudonym.key-file", "/etc/convergent/key");
        settings.put("convergent.ingest.group-id", "ingest-backfill");
        settings.put("convergent.ingest.bounded", "TRUE");
        settings.put("convergent.ingest.max-out-of-orderness", "0 s");
        settings.put("convergent.ingest.idleness", "30 s");
        settings.put("convergent.ingest.dedup-ttl", "2 h");
        settings.put("convergent.ingest.dedup-filter-max", "8 mb");
        settings.put("convergent.ingest.table-maintenance", "false");
        settings.put("convergent.ingest.compaction-commits", " 25 ");
        settings.put("convergent.ingest.snapshot-max-age", "1 d");

        IngestOptions options = IngestOptions.fromMap(settings);

        assertThat(options.catalogProperties())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "uri", "jdbc:sqlite:/tmp/lake.db",
                                "warehouse", "file:/tmp/warehouse",
                                "catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog"));
        assertThat(options.keyFile()).isEqualTo(Path.of("/etc/convergent/key"));
        assertThat(options.groupId()).isEqualTo("ingest-backfill");
        assertThat(options.bounded()).isTrue();
        assertThat(options.maxOutOfOrderness()).isZero();
        assertThat(options.idleness()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.dedupTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(options.dedupFilterMaxBytes()).isEqualTo(8L << 20);
        assertThat(options.tableMaintenance()).isFalse();
        assertThat(options.compactionCommits()).isEqualTo(25);
        assertThat(options.snapshotMaxAge()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void survivesARoundTripThroughFlatKeys() {
        IngestOptions options =
                new IngestOptions(
                        "broker-1:9092,broker-2:9092",
                        Map.of("uri", "http://catalog:8181", "warehouse", "s3://lake/"),
                        Path.of("/run/secrets/pseudonym-key"),
                        "ingest-test",
                        true,
                        Duration.ofSeconds(90),
                        Duration.ofMillis(1500),
                        Duration.ofHours(36),
                        4L << 20,
                        false,
                        3,
                        Duration.ofMinutes(45),
                        Duration.ofSeconds(20));

        assertThat(IngestOptions.fromMap(options.toMap())).isEqualTo(options);
        IngestOptions defaults = IngestOptions.fromMap(MINIMAL);
        assertThat(IngestOptions.fromMap(defaults.toMap())).isEqualTo(defaults);
        assertThat(defaults.toMap()).doesNotContainKey(IngestOptions.KEY_FILE);
    }

    @Test
    void withBoundedChangesThatOptionOnly() {
        IngestOptions options = IngestOptions.fromMap(MINIMAL);

        IngestOptions bounded = options.withBounded(true);

        assertThat(bounded.bounded()).isTrue();
        assertThat(bounded.withBounded(false)).isEqualTo(options);
    }

    @Test
    void refusesMissingBootstrapServers() {
        assertThatThrownBy(() -> IngestOptions.fromMap(Map.of("convergent.lake.uri", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("convergent.kafka.bootstrap-servers is required");
        assertThatThrownBy(() -> IngestOptions.fromMap(with(IngestOptions.BOOTSTRAP_SERVERS, " ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("convergent.kafka.bootstrap-servers must not be blank");
    }

    @Test
    void refusesAMissingCatalogUri() {
        assertThatThrownBy(
                        () ->
                                IngestOptions.fromMap(
                                        Map.of(
                                                "convergent.kafka.bootstrap-servers",
                                                "localhost:9092",
                                                "convergent.lake.warehouse",
                                                "/tmp/warehouse")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("convergent.lake.uri is required");
    }

    @Test
    void refusesAMisspeltIngestOption() {
        assertThatThrownBy(() -> IngestOptions.fromMap(with("convergent.ingest.dedup-tll", "1 h")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option convergent.ingest.dedup-tll");
    }

    @Test
    void refusesAMisspeltKeyFileOrKafkaOption() {
        assertThatThrownBy(() -> IngestOptions.fromMap(with("convergent.pseudonym.keyfile", "k")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option convergent.pseudonym.keyfile");
        assertThatThrownBy(() -> IngestOptions.fromMap(with("convergent.kafka.bootstrap", "h:1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option convergent.kafka.bootstrap");
    }

    @Test
    void refusesABadDuration() {
        assertThatThrownBy(() -> IngestOptions.fromMap(with(IngestOptions.DEDUP_TTL, "a day")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "convergent.ingest.dedup-ttl must be a duration such as '10 s', '500 ms',"
                                + " '5 min', '2 h' or PT30S, got 'a day'");
    }

    @Test
    void refusesADurationThatMustBePositive() {
        assertThatThrownBy(() -> IngestOptions.fromMap(with(IngestOptions.IDLENESS, "0 s")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("convergent.ingest.idleness must be positive, got PT0S");
    }

    @Test
    void refusesABadBoolean() {
        assertThatThrownBy(() -> IngestOptions.fromMap(with(IngestOptions.BOUNDED, "yes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("convergent.ingest.bounded must be true or false, got 'yes'");
    }

    @Test
    void refusesCompactionEveryZeroCommits() {
        assertThatThrownBy(() -> IngestOptions.fromMap(with(IngestOptions.COMPACTION_COMMITS, "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("convergent.ingest.compaction-commits must be at least 1, got 0");
        assertThatThrownBy(
                        () -> IngestOptions.fromMap(with(IngestOptions.COMPACTION_COMMITS, "ten")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "convergent.ingest.compaction-commits must be a whole number, got 'ten'");
    }

    @Test
    void takesNoDedupFilterOrOneThatHoldsASlice() {
        assertThat(IngestOptions.fromMap(with(IngestOptions.DEDUP_FILTER_MAX, "0")))
                .extracting(IngestOptions::dedupFilterMaxBytes)
                .isEqualTo(0L);
        assertThatThrownBy(() -> IngestOptions.fromMap(with(IngestOptions.DEDUP_FILTER_MAX, "1k")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "convergent.ingest.dedup-filter-max must be 0 (no filter) or at least"
                                + " 81920 bytes, got 1024");
        assertThatThrownBy(
                        () -> IngestOptions.fromMap(with(IngestOptions.DEDUP_FILTER_MAX, "lots")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "convergent.ingest.dedup-filter-max must be a size such as '32 mb' or '0',"
                                + " got 'lots'");
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.put(key, value);
        return settings;
    }
}
