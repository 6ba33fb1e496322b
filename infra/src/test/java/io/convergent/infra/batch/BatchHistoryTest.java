package io.convergent.infra.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.batch.lake.LakeHistory;
import io.convergent.common.models.ModelSpec;
import io.convergent.common.models.ModelSpecs;
import io.convergent.common.table.Tables;
import io.convergent.infra.generator.GenerateCommand;
import io.convergent.infra.lake.LakeCatalog;
import io.convergent.infra.lake.LakeCatalogs;
import io.convergent.streaming.lake.LakeTables;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batch run} over a history loaded without batch runs ({@code generate --lake}, or an ingest
 * that ran for days before the first batch run): the days its windows fold that have events and no
 * tiles are tiled first, or named with the command that tiles them; a day without any event is said
 * to be one.
 */
class BatchHistoryTest {

    private static final LocalDate FIRST = LocalDate.parse("2026-11-01");
    private static final LocalDate LAST = FIRST.plusDays(3);

    @TempDir Path dataDir;

    @BeforeEach
    void fourDaysOfHistoryWithoutTiles() {
        generate(3, 4);
    }

    /** Writes {@code days} days of a population from {@link #FIRST} to the lake, as ingested. */
    private void generate(int seed, int days) {
        ByteArrayOutputStream ignored = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(ignored, true, StandardCharsets.UTF_8);
        int code =
                GenerateCommand.run(
                        new String[] {
                            "--subscribers",
                            "40",
                            "--days",
                            Integer.toString(days),
                            "--seed",
                            Integer.toString(seed),
                            "--start",
                            FIRST.toString(),
                            "--threads",
                            "1",
                            "--lake",
                            dataDir.toString()
                        },
                        quiet,
                        quiet,
                        InstantSource.fixed(Instant.parse("2026-11-05T12:00:00Z")));
        assertThat(code).as(ignored.toString(StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void aRunTilesTheDaysItsWindowsFoldThatHaveEventsAndNoTiles() throws Exception {
        Result run = batch("run", "--day", LAST.toString(), "--steps", "features,scores");

        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out)
                .contains(
                        "history: 3 day(s) (2026-11-01 to 2026-11-03) with events and no tiles,"
                                + " which this run's windows fold: tiling them first")
                .contains("2026-11-01  features_daily")
                .contains("(history 3 of 3)");
        assertThat(history().tiledDays())
                .containsExactly(FIRST, FIRST.plusDays(1), FIRST.plusDays(2), LAST);

        Result again = batch("run", "--day", LAST.toString(), "--steps", "features");
        assertThat(again.out).doesNotContain("history:").contains("(1 of 1)");
    }

    @Test
    void aDayThatGainedEventsAfterItWasTiledIsTiledAgain() throws Exception {
        assertThat(batch("run", "--day", LAST.toString(), "--steps", "features,scores").code)
                .isZero();
        // Events of the first two days land after their tiles were made (an ingest working off a
        // backlog, a run before the day settled, events that came late): here, their calls once
        // more.
        try (LakeCatalog lake = LakeCatalogs.open(dataDir)) {
            Table calls =
                    lake.catalog()
                            .loadTable(TableIdentifier.of(LakeTables.NAMESPACE, Tables.RAW_CALLS));
            AppendFiles late = calls.newAppend();
            try (CloseableIterable<FileScanTask> files =
                    calls.newScan()
                            .filter(
                                    Expressions.lessThan(
                                            "event_time",
                                            FIRST.plusDays(2)
                                                            .atStartOfDay(ZoneOffset.UTC)
                                                            .toInstant()
                                                            .toEpochMilli()
                                                    * 1000))
                            .planFiles()) {
                files.forEach(
                        f ->
                                late.appendFile(
                                        DataFiles.builder(calls.spec()).copy(f.file()).build()));
            }
            late.commit();
        }

        Result again = batch("run", "--day", LAST.toString(), "--steps", "features,scores");

        assertThat(again.code).as(again.err).isZero();
        assertThat(again.out)
                .contains(
                        "history: 2 day(s) (2026-11-01 to 2026-11-02) whose raw tables changed"
                                + " since they were tiled: tiling them again first")
                .contains("(history 2 of 2)");
        Result third = batch("run", "--day", LAST.toString(), "--steps", "scores");
        assertThat(third.out).doesNotContain("changed since").doesNotContain("history:");
    }

    @Test
    void aRunThatDoesNotTileNamesTheUntiledDaysAndTheCommandThatTilesThem() throws Exception {
        Result run = batch("run", "--day", LAST.toString(), "--steps", "scores");

        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out)
                .contains(
                        "warning: 3 day(s) (2026-11-01 to 2026-11-03) with events and no tiles:"
                                + " this run's windows count them as days without activity; tile"
                                + " them with `bin/convergent batch backfill --from 2026-11-01 --to"
                                + " 2026-11-03 --steps features`");
        assertThat(history().tiledDays()).isEmpty();
    }

    @Test
    void aDayWithoutAnyEventIsSaidToBeOne() {
        Result run = batch("run", "--day", "2026-10-20", "--steps", "features");

        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out)
                .contains(
                        "2026-10-20  warning: no raw table holds events of the day: its tiles are"
                                + " empty");
        // The days after it are not in its windows: nothing else is tiled.
        assertThat(run.out).doesNotContain("history:");
    }

    @Test
    void aRunOfTheFeaturesAloneTilesItsOwnDaysOnly() throws Exception {
        // As the backfill the warning names runs: no window is folded, so no day before it is.
        Result run = batch("run", "--day", LAST.toString(), "--steps", "features");

        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out).doesNotContain("history:").doesNotContain("warning");
        assertThat(history().tiledDays()).containsExactly(LAST);
    }

    @Test
    void theHistoryARunReadsReachesTheLongestWindowBackFromItsFirstDayOrItsModelsFirstAsOfDay()
            throws Exception {
        LocalDate day = LocalDate.parse("2026-11-04");
        // 90-day windows as of 11-04 fold 08-07 to 11-04.
        assertThat(BatchCommand.earliestRead(day, List.of(), day))
                .isEqualTo(LocalDate.parse("2026-08-07"));
        // port_out_14d at 11-04: holdout as of 10-21, training as of 10-07, 09-30 and 09-23;
        // the 90-day windows as of 09-23 fold from 06-26.
        ModelSpec portOut =
                ModelSpecs.parse(
                        Files.readString(Path.of("..", "models", "port_out_14d.yaml")),
                        "port_out_14d.yaml");
        assertThat(BatchCommand.earliestRead(day, List.of(portOut), day))
                .isEqualTo(LocalDate.parse("2026-06-26"));
        // A backfill's first day, when earlier than the models' reach, is where it starts.
        assertThat(BatchCommand.earliestRead(LocalDate.parse("2026-05-01"), List.of(portOut), day))
                .isEqualTo(LocalDate.parse("2026-05-01").minusDays(89));
    }

    @Test
    void theUntiledDaysOfAHistoryAreThoseInTheSpanWithEventsAndNoTiles() {
        LocalDate d1 = LocalDate.parse("2026-11-01");
        LakeHistory history =
                new LakeHistory(
                        new java.util.TreeSet<>(
                                List.of(d1, d1.plusDays(1), d1.plusDays(2), d1.plusDays(3))),
                        new java.util.TreeSet<>(List.of(d1.plusDays(1))));

        assertThat(history.untiled(d1, d1.plusDays(3)))
                .containsExactly(d1, d1.plusDays(2), d1.plusDays(3));
        assertThat(history.untiled(d1.plusDays(2), d1.plusDays(2))).containsExactly(d1.plusDays(2));
        assertThat(history.untiled(d1.plusDays(3), d1)).isEmpty();
    }

    private LakeHistory history() throws Exception {
        try (LakeCatalog lake = LakeCatalogs.open(dataDir)) {
            return LakeHistory.read(
                    lake.catalog(), LocalDate.parse("2026-01-01"), LocalDate.parse("2026-12-31"));
        }
    }

    private Result batch(String... args) {
        String[] withDir = new String[args.length + 2];
        System.arraycopy(args, 0, withDir, 0, args.length);
        withDir[args.length] = "--data-dir";
        withDir[args.length + 1] = dataDir.toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                BatchCommand.run(
                        withDir,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int code, String out, String err) {}
}
