package io.convergent.batch.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.batch.lake.DayReplacement;
import io.convergent.batch.sql.TemporaryLake;
import io.convergent.common.event.BankTransactionEvent;
import io.convergent.common.event.BankTransactionType;
import io.convergent.common.event.BillingEvent;
import io.convergent.common.event.BillingEventType;
import io.convergent.common.event.CallEvent;
import io.convergent.common.event.Channel;
import io.convergent.common.event.Ingress;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.NetworkEventType;
import io.convergent.common.event.ReleaseCause;
import io.convergent.common.event.SmsEvent;
import io.convergent.common.features.DailyTile;
import io.convergent.common.features.DailyTiles;
import io.convergent.common.table.Tables;
import io.convergent.streaming.lake.LakeTables;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch recompute of a day's tiles over a real catalog: what it writes equals what the shared
 * {@link DailyTiles} code makes of the same events, a re-run replaces the day, and other days are
 * left alone.
 */
class FeaturesDailyJobTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-20");
    private static final long DAY_START = DAY.toEpochDay() * 86_400_000L;

    @RegisterExtension static final MiniClusterExtension CLUSTER = TemporaryLake.sharedCluster();

    @TempDir Path directory;

    private Map<String, String> lake;
    private List<InputEvent> events;

    @BeforeEach
    void history() throws Exception {
        lake = new TemporaryLake(directory).properties();
        LakeTables.prepare(lake, LakeTables::ensureIngestTables);
        events = events(new SplittableRandom(11));
        TemporaryLake.writeToRawTables(lake, events);
    }

    @Test
    void theDaysTilesAreWhatTheSharedCodeMakesOfTheSameEvents() throws Exception {
        recompute(DAY);

        Map<String, DailyTile> expected = expectedTiles(DAY);
        Map<String, DailyTile> written = writtenTiles();
        assertThat(expected).hasSizeGreaterThan(20);
        assertThat(written).isEqualTo(expected);
    }

    @Test
    void aDayWithoutABalanceReadingLeavesTheLowestBalanceEmptyForAnalysts() throws Exception {
        recompute(DAY);

        Map<Boolean, Long> rowsByBalanceRead = new HashMap<>();
        Map<String, DailyTile> expected = expectedTiles(DAY);
        for (Record row : featuresDailyRows()) {
            Long lowest = (Long) row.getField("min_balance_minor");
            DailyTile tile = expected.get(row.getField("subscriber") + "@" + DAY.toEpochDay());
            assertThat(lowest)
                    .isEqualTo(
                            tile.minBalanceMinor == DailyTile.NO_BALANCE
                                    ? null
                                    : tile.minBalanceMinor);
            rowsByBalanceRead.merge(lowest != null, 1L, Long::sum);
        }
        assertThat(rowsByBalanceRead).containsKeys(true, false);
    }

    @Test
    void aReRunReplacesTheDayAndLeavesTheOthersAlone() throws Exception {
        recompute(DAY);
        recompute(DAY.plusDays(1));
        Map<String, DailyTile> both = writtenTiles();

        recompute(DAY);

        assertThat(writtenTiles()).isEqualTo(both);
        assertThat(both.keySet()).anyMatch(k -> k.endsWith("@" + DAY.plusDays(1).toEpochDay()));
    }

    @Test
    void aReRunThatFindsNothingForTheDayLeavesNoTileOfTheEarlierRun() throws Exception {
        recompute(DAY);
        recompute(DAY.plusDays(1));
        Map<String, DailyTile> nextDay = writtenTiles();
        nextDay.keySet().removeIf(k -> k.endsWith("@" + DAY.toEpochDay()));
        assertThat(writtenTiles()).hasSizeGreaterThan(nextDay.size());

        // The day's raw rows are gone (an erasure, a wrongly loaded day): its re-run writes none.
        LakeTables.prepare(
                lake,
                catalog -> {
                    for (String table : Tables.rawTables()) {
                        catalog.loadTable(TableIdentifier.of(LakeTables.NAMESPACE, table))
                                .newDelete()
                                .deleteFromRowFilter(
                                        Expressions.lessThan(
                                                "event_time",
                                                DAY.plusDays(1)
                                                                .atStartOfDay()
                                                                .toInstant(ZoneOffset.UTC)
                                                                .toEpochMilli()
                                                        * 1_000))
                                .commit();
                    }
                });
        int removed = recompute(DAY);

        assertThat(removed).isPositive();
        assertThat(writtenTiles()).isEqualTo(nextDay);
    }

    /** As {@code bin/convergent batch} runs a day; returns the earlier run's files removed. */
    private int recompute(LocalDate day) throws Exception {
        FeaturesDailyJob job = new FeaturesDailyJob(lake);
        job.prepareTables();
        List<DayReplacement> replacing = job.replacing(day);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        job.build(env, day);
        env.execute(FeaturesDailyJob.JOB_NAME);
        int removed = 0;
        for (DayReplacement replacement : replacing) {
            removed += replacement.complete();
        }
        return removed;
    }

    private Map<String, DailyTile> expectedTiles(LocalDate day) {
        Map<String, DailyTile> tiles = new HashMap<>();
        for (InputEvent event : events) {
            DailyTiles.contributions(
                    event,
                    t -> {
                        if (t.day == day.toEpochDay()) {
                            tiles.computeIfAbsent(
                                            t.subscriber + "@" + t.day,
                                            k -> new DailyTile(t.subscriber, t.day))
                                    .merge(t);
                        }
                    });
        }
        return tiles;
    }

    private Map<String, DailyTile> writtenTiles() throws Exception {
        Map<String, DailyTile> tiles = new HashMap<>();
        for (Record row : featuresDailyRows()) {
            DailyTile tile =
                    new DailyTile(
                            (String) row.getField("subscriber"),
                            ((LocalDate) row.getField("day")).toEpochDay());
            long[] values = new long[DailyTile.FIGURE_COLUMNS.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] =
                        DailyTile.figureValue(
                                i, (Long) row.getField(DailyTile.FIGURE_COLUMNS.get(i)));
            }
            tile.setFigures(values);
            java.nio.ByteBuffer sketch = (java.nio.ByteBuffer) row.getField("counterparts_sketch");
            sketch.get(tile.counterparts);
            assertThat(tiles.put(tile.subscriber + "@" + tile.day, tile))
                    .as("a second tile for %s on %s", tile.subscriber, tile.day)
                    .isNull();
        }
        return tiles;
    }

    private List<Record> featuresDailyRows() throws Exception {
        List<Record> rows = new java.util.ArrayList<>();
        LakeTables.prepare(
                lake,
                catalog -> {
                    try (CloseableIterable<Record> read =
                            IcebergGenerics.read(
                                            catalog.loadTable(
                                                    TableIdentifier.of(
                                                            LakeTables.NAMESPACE,
                                                            Tables.FEATURES_DAILY)))
                                    .build()) {
                        read.forEach(rows::add);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        return rows;
    }

    /** Two days of calls, texts, billing, roaming and transfers among 30 numbers. */
    private static List<InputEvent> events(SplittableRandom rng) {
        List<InputEvent> events = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            long time = DAY_START + rng.nextLong(2 * 86_400_000L);
            String a = number(rng);
            String b = number(rng);
            String id = "e" + i;
            switch (rng.nextInt(6)) {
                case 0, 1 -> {
                    boolean answered = rng.nextBoolean();
                    long end = time + 5_000 + rng.nextInt(600_000);
                    events.add(
                            new CallEvent(
                                    id,
                                    time,
                                    "call-" + i,
                                    rng.nextInt(20) == 0 ? null : a,
                                    b,
                                    Ingress.ON_NET,
                                    time,
                                    answered ? time + 5_000 : null,
                                    end,
                                    answered ? ReleaseCause.NORMAL : ReleaseCause.NO_ANSWER,
                                    null,
                                    null));
                }
                case 2 ->
                        events.add(
                                new SmsEvent(
                                        id, time, a, b, Ingress.ON_NET, 1 + rng.nextInt(3), null));
                case 3 ->
                        events.add(
                                new BillingEvent(
                                        id,
                                        time,
                                        rng.nextBoolean()
                                                ? BillingEventType.TOP_UP
                                                : BillingEventType.BALANCE,
                                        a,
                                        (long) rng.nextInt(50_000),
                                        (long) rng.nextInt(90_000),
                                        "RUB",
                                        null,
                                        null));
                case 4 ->
                        events.add(
                                new NetworkEvent(
                                        id,
                                        time,
                                        NetworkEventType.ROAMING_ENTRY,
                                        a,
                                        "k1.imsi",
                                        null,
                                        null,
                                        null,
                                        262,
                                        1,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null));
                default ->
                        events.add(
                                new BankTransactionEvent(
                                        id,
                                        time,
                                        BankTransactionType.TRANSFER,
                                        "k1.customer",
                                        a,
                                        "k1.account",
                                        1 + rng.nextInt(100_000),
                                        "RUB",
                                        Channel.MOBILE_APP,
                                        null,
                                        null,
                                        "k1.beneficiary",
                                        rng.nextBoolean()));
            }
        }
        return events;
    }

    private static String number(SplittableRandom rng) {
        return "k1.subscriber-" + rng.nextInt(30);
    }
}
