package io.convergent.infra.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.common.event.InputTopic;
import io.convergent.common.event.InputTopics;
import io.convergent.common.table.Tables;
import io.convergent.infra.lake.LakeCatalog;
import io.convergent.infra.lake.LakeCatalogs;
import io.convergent.streaming.lake.LakeTables;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GenerateCommandTest {

    private static final InstantSource CLOCK = InstantSource.fixed(ScenarioRun.NOW);

    @Test
    void parsesTheContractsArguments() throws Exception {
        GenerateArguments arguments =
                parse(
                        "--subscribers",
                        "5000",
                        "--days",
                        "30",
                        "--seed",
                        "42",
                        "--start",
                        "2025-04-01",
                        "--malformed-rate",
                        "0.01",
                        "--bootstrap",
                        "broker:9092",
                        "--truth",
                        "/tmp/t",
                        "--spammers",
                        "0.002",
                        "--churn-rate",
                        "0.1");

        GeneratorConfig config = arguments.config();
        assertThat(config.subscribers()).isEqualTo(5000);
        assertThat(config.days()).isEqualTo(30);
        assertThat(config.seed()).isEqualTo(42);
        assertThat(config.start()).isEqualTo(LocalDate.parse("2025-04-01"));
        assertThat(config.malformedRate()).isEqualTo(0.01);
        assertThat(config.live()).isFalse();
        assertThat(config.rates().spammers()).isEqualTo(0.002);
        assertThat(config.rates().churnRate()).isEqualTo(0.1);
        assertThat(config.rates().simSwapRate()).isEqualTo(ScenarioRates.DEFAULTS.simSwapRate());
        assertThat(arguments.bootstrap()).isEqualTo("broker:9092");
        assertThat(arguments.truth()).isEqualTo(Path.of("/tmp/t"));
    }

    @Test
    void optionsMayGiveTheirValueAfterAnEqualsSign() throws Exception {
        GeneratorConfig config =
                parse("--subscribers=5000", "--days=30", "--seed=42", "--start", "2025-04-01")
                        .config();
        assertThat(config.subscribers()).isEqualTo(5000);
        assertThat(config.days()).isEqualTo(30);
        assertThat(config.seed()).isEqualTo(42);
    }

    @Test
    void liveNeedsNoDaysAndDefaultsToTheLocalBroker() throws Exception {
        GenerateArguments arguments =
                parse("--subscribers", "100", "--seed", "1", "--live", "--rate", "2500");

        assertThat(arguments.config().live()).isTrue();
        assertThat(arguments.config().days()).isZero();
        assertThat(arguments.config().rate()).isEqualTo(2500);
        assertThat(arguments.bootstrap()).isEqualTo(GenerateArguments.DEFAULT_BOOTSTRAP);
        assertThat(arguments.config().firstLiveDay())
                .isEqualTo(LocalDate.parse("2025-06-01").toEpochDay());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--subscribers 5 --days 1 --seed 1|--subscribers must be between 10 and 2000000, got '5'",
                "--subscribers many --days 1 --seed 1|--subscribers must be a whole number, got 'many'",
                "--subscribers 100 --days -1 --seed 1|--days must be between 0 and 3650, got '-1'",
                "--subscribers 100 --days 1 --seed x1|--seed must be a 64-bit integer, got 'x1'",
                "--subscribers 100 --days 1|--seed is required",
                "--days 1 --seed 1|--subscribers is required",
                "--subscribers 100 --seed 1|--days is required (it may be left out only with --live)",
                "--subscribers 100 --days 0 --seed 1|--days must be at least 1 without --live, got '0'",
                "--subscribers 100 --days 1 --seed 1 --start 2025-13-01|--start must be a date YYYY-MM-DD, got '2025-13-01'",
                "--subscribers 100 --days 1 --seed 1 --start 2026-01-01|start must be between 2000-01-02 and today (2025-06-01), got 2026-01-01",
                "--subscribers 100 --days 1 --seed 1 --spammers 0.2|--spammers must be in [0, 0.05], got '0.2'",
                "--subscribers 100 --days 1 --seed 1 --churn-rate -0.1|--churn-rate must be in [0, 0.5], got '-0.1'",
                "--subscribers 100 --days 1 --seed 1 --sim-swap-rate NaN|--sim-swap-rate must be in [0, 0.1], got 'NaN'",
                "--subscribers 100 --days 1 --seed 1 --social-engineering-rate lots|--social-engineering-rate must be a number, got 'lots'",
                "--subscribers 100 --days 1 --seed 1 --malformed-rate 0.9|--malformed-rate must be at least 0.0 and at most 0.5, got '0.9'",
                "--subscribers 100 --seed 1 --live --rate 0|--rate must be above 0 and at most 1.0E7, got '0'",
                "--subscribers 100 --days 1 --seed 1 --rate 10|--rate applies only with --live",
                "--subscribers 100 --days 1 --seed 1 --bootstrap localhost|--bootstrap must be HOST:PORT[,HOST:PORT...], got 'localhost'",
                "--subscribers 100 --days 1 --seed 1 --bootstrap localhost:70000|--bootstrap has a port outside 1..65535, got 'localhost:70000'",
                "--subscribers 100 --days 1 --seed 1 --output out --bootstrap h:1|--output and --bootstrap exclude each other: choose files or Kafka",
                "--subscribers 100 --days 1 --seed 1 --lake d --output o|--lake writes the history into a lake: it excludes --output, --bootstrap, --dry-run and --live",
                "--subscribers 100 --days 1 --seed 1 --lake d --live|--lake writes the history into a lake: it excludes --output, --bootstrap, --dry-run and --live",
                "--subscribers 100 --days 1 --seed 1 --lake d --dry-run|--lake writes the history into a lake: it excludes --output, --bootstrap, --dry-run and --live",
                "--subscribers 100 --days 1 --seed 1 --bootstrap h:1 --lake d|--lake writes the history into a lake: it excludes --output, --bootstrap, --dry-run and --live",
                "--subscribers 100 --days 1 --seed 1 --colour blue|unknown option '--colour'",
                "--subscribers 100 --days 1 --seed 1 --seed 2|--seed is given more than once",
                "--subscribers 100 --days 1 --seed|--seed needs a value",
                "--subscribers 100 --days 1 --seed 1 --dry-run=false|unknown option '--dry-run=false'",
                "--subscribers 100 --days 1 --seed 1 --truth=|unknown option '--truth='",
            })
    void refusesBadArgumentsNamingTheOptionAndTheValue(String line, String message) {
        assertThatThrownBy(() -> parse(line.split(" ")))
                .isInstanceOf(UsageException.class)
                .hasMessage(message);
    }

    @Test
    void badArgumentsExitWithTwoAndTheUsage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code =
                GenerateCommand.run(
                        new String[] {"--subscribers", "5", "--days", "1", "--seed", "1"},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        CLOCK);

        assertThat(code).isEqualTo(2);
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .startsWith("generate: --subscribers must be between 10 and 2000000, got '5'");
        assertThat(text).contains("Usage: convergent generate --subscribers N --days D --seed S");
        assertThat(out.size()).isZero();
    }

    @Test
    void helpPrintsTheUsageAndExitsWithZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code =
                GenerateCommand.run(
                        new String[] {"--help"},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        System.err,
                        CLOCK);

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--social-engineering-rate F");
    }

    @Test
    void writesJsonLinesAndTheTruthToDirectories(@TempDir Path directory) throws Exception {
        Path output = directory.resolve("out");
        Path truth = directory.resolve("truth");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code =
                GenerateCommand.run(
                        new String[] {
                            "--subscribers",
                            "100",
                            "--days",
                            "2",
                            "--seed",
                            "3",
                            "--start",
                            "2025-05-01",
                            "--output",
                            output.toString(),
                            "--truth",
                            truth.toString(),
                            "--threads",
                            "2"
                        },
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        System.err,
                        CLOCK);

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("history: ");
        long lines;
        try (var stream = Files.lines(output.resolve("telco.calls.jsonl"))) {
            lines = stream.count();
        }
        assertThat(lines).isPositive();
        String summary = Files.readString(truth.resolve("summary.json"));
        assertThat(summary).contains("\"telco.calls\"").contains("\"events\" : " + lines);
    }

    @Test
    void writesTheHistoryIntoTheLakesRawTablesPseudonymised(@TempDir Path directory)
            throws Exception {
        Path files = directory.resolve("out");
        Path dataDir = directory.resolve("var");
        String[] history = {
            "--subscribers",
            "60",
            "--days",
            "2",
            "--seed",
            "5",
            "--start",
            "2025-05-01",
            "--malformed-rate",
            "0.02",
            "--threads",
            "2"
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThat(generate(history, "--output", files.toString())).isZero();
        int code =
                GenerateCommand.run(
                        concat(history, "--lake", dataDir.toString()),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        System.err,
                        CLOCK);

        assertThat(code).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        Matcher summary =
                Pattern.compile(
                                "\\(([0-9,]+) malformed\\)(?s).*lake: ([0-9,]+) events of 2025-05-01 to 2025-05-02 written.*\\(([0-9,]+) records")
                        .matcher(printed);
        assertThat(summary.find()).as(printed).isTrue();
        assertThat(printed)
                .contains(
                        "lake: next, `bin/convergent batch run --day 2025-05-02 --data-dir "
                                + dataDir
                                + "`");
        long malformed = number(summary.group(1));
        long written = number(summary.group(2));
        assertThat(malformed).isPositive();
        assertThat(number(summary.group(3))).as("rejected = malformed").isEqualTo(malformed);

        // The raw identifiers the generator wrote, as the JSON lines hold them.
        Set<String> identifiers = new HashSet<>();
        Matcher field =
                Pattern.compile(
                                "\"(msisdn|callingNumber|calledNumber|senderNumber|recipientNumber"
                                        + "|reportedNumber|imsi|imei|accountNumber|cardNumber"
                                        + "|beneficiaryAccount)\":\"\\+?([0-9]{6,})\"")
                        .matcher(
                                latin1(files.resolve("bank.transactions.jsonl"))
                                        + latin1(files.resolve("telco.calls.jsonl"))
                                        + latin1(files.resolve("telco.data.jsonl")));
        while (field.find()) {
            identifiers.add(field.group(2));
        }
        assertThat(identifiers).hasSizeGreaterThan(50);
        long rows = 0;
        try (LakeCatalog lake = LakeCatalogs.open(dataDir)) {
            for (InputTopic<?> topic : InputTopics.all()) {
                String table = Tables.rawTableOf(topic.name()).orElseThrow();
                try (CloseableIterable<Record> records =
                        IcebergGenerics.read(
                                        lake.catalog()
                                                .loadTable(
                                                        TableIdentifier.of(
                                                                LakeTables.NAMESPACE, table)))
                                .build()) {
                    for (Record record : records) {
                        rows++;
                        String text = record.toString();
                        for (String identifier : identifiers) {
                            assertThat(text).as(table).doesNotContain(identifier);
                        }
                    }
                }
            }
        }
        assertThat(rows).isEqualTo(written).isPositive();
        assertThat(dataDir.resolve("secrets")).isDirectory();
        try (Stream<Path> made = Files.list(dataDir)) {
            assertThat(made.map(p -> p.getFileName().toString()))
                    .as("the lake and its key, no broker's or checkpoints' directory")
                    .containsExactlyInAnyOrder("catalog.db", "warehouse", "secrets");
        }

        // Written again, every event would be there twice: refused, the tables left alone.
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int again =
                GenerateCommand.run(
                        concat(history, "--lake", dataDir.toString()),
                        System.out,
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        CLOCK);
        assertThat(again).as("a bad argument").isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("already has data: use a new data directory");
    }

    private static int generate(String[] history, String... more) {
        return GenerateCommand.run(concat(history, more), System.out, System.err, CLOCK);
    }

    private static String[] concat(String[] a, String... b) {
        String[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** A file as ISO-8859-1: malformed records hold bytes that are not UTF-8. */
    private static String latin1(Path file) throws java.io.IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    }

    private static long number(String figure) {
        return Long.parseLong(figure.replace(",", ""));
    }

    private static GenerateArguments parse(String... args) throws UsageException {
        return GenerateArguments.parse(args, CLOCK);
    }
}
