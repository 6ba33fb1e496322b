package io.convergent.infra.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.batch.lake.LakeHistory;
import io.convergent.infra.generator.GenerateCommand;
import io.convergent.infra.lake.LakeCatalog;
import io.convergent.infra.lake.LakeCatalogs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
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
        ByteArrayOutputStream ignored = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(ignored, true, StandardCharsets.UTF_8);
        int code =
                GenerateCommand.run(
                        new String[] {
                            "--subscribers",
                            "40",
                            "--days",
                            "4",
                            "--seed",
                            "3",
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
                        "2026-10-20  warning: no raw table holds events of the day (the raw"
                                + " tables hold events of 2026-11-01 to 2026-11-04)");
        // The days after it are not in its windows: nothing else is tiled.
        assertThat(run.out).doesNotContain("history:");
    }

    private LakeHistory history() throws Exception {
        try (LakeCatalog lake = LakeCatalogs.open(dataDir)) {
            return LakeHistory.read(lake.catalog());
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
