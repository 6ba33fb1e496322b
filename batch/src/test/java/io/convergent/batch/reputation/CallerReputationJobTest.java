package io.convergent.batch.reputation;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.batch.sql.TemporaryLake;
import io.convergent.common.event.CallEvent;
import io.convergent.common.event.Channel;
import io.convergent.common.event.ComplaintCategory;
import io.convergent.common.event.ComplaintEvent;
import io.convergent.common.event.Ingress;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.ReleaseCause;
import io.convergent.common.immunity.CallerReplay;
import io.convergent.common.immunity.CallerReputation;
import io.convergent.common.immunity.ReputationThresholds;
import io.convergent.common.table.Tables;
import io.convergent.streaming.lake.LakeTables;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch recompute of caller reputation over a real lake: each caller's row is what the shared
 * replay makes of its calls and complaints of the three days to the as-of day, a mass dialler
 * stands out, and a re-run replaces the day.
 */
class CallerReputationJobTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-20");
    private static final long DAY_START = DAY.toEpochDay() * 86_400_000L;
    private static final ReputationThresholds STANDARD = ReputationThresholds.standard();

    @RegisterExtension static final MiniClusterExtension CLUSTER = TemporaryLake.sharedCluster();

    @TempDir Path directory;

    @Test
    void eachCallersRowIsTheSharedReplayOfItsHistory() throws Exception {
        Map<String, String> lake = new TemporaryLake(directory).properties();
        LakeTables.prepare(
                lake,
                c -> {
                    LakeTables.ensureIngestTables(c);
                    LakeTables.ensureModelTables(c);
                });
        List<InputEvent> events = new ArrayList<>();
        Map<String, List<CallerReplay.Event>> expected = new HashMap<>();
        // A mass dialler: 300 calls in an hour to new numbers, few answered, hung up on.
        for (int i = 0; i < 300; i++) {
            long t = DAY_START + 10 * 3_600_000L + i * 12_000L;
            events.add(call("m" + i, t, "k1.dialler", "k1.victim-" + i, i % 20 == 0, 3_000));
            expected.computeIfAbsent("k1.dialler", k -> new ArrayList<>())
                    .add(CallerReplay.Event.call(t, "k1.victim-" + i, i % 20 == 0, 3_000));
        }
        // An ordinary caller over three days, and one call the day after (not replayed).
        for (int d = 0; d < 3; d++) {
            long t = DAY_START - d * 86_400_000L + 9 * 3_600_000L;
            events.add(call("o" + d, t, "k1.friend", "k1.mum", true, 300_000));
            expected.computeIfAbsent("k1.friend", k -> new ArrayList<>())
                    .add(CallerReplay.Event.call(t, "k1.mum", true, 300_000));
        }
        events.add(call("late", DAY_START + 86_400_000L + 1, "k1.friend", "k1.mum", true, 1_000));
        // Three days before: outside the replay.
        events.add(call("old", DAY_START - 3 * 86_400_000L, "k1.friend", "k1.dad", true, 1_000));
        // A withheld caller has no reputation.
        events.add(call("w", DAY_START + 1_000, null, "k1.mum", true, 1_000));
        // Complaints: two about a fraudster's number count; a billing one does not.
        for (int i = 0; i < 2; i++) {
            long t = DAY_START + 20 * 3_600_000L + i * 60_000L;
            events.add(complaint("c" + i, t, ComplaintCategory.FRAUD_CALL, "k1.fraudster"));
            expected.computeIfAbsent("k1.fraudster", k -> new ArrayList<>())
                    .add(CallerReplay.Event.complaint(t));
        }
        events.add(complaint("b", DAY_START + 1_000, ComplaintCategory.BILLING, null));
        TemporaryLake.writeToRawTables(lake, events);

        recompute(lake);
        recompute(lake);

        Map<String, Record> rows = new HashMap<>();
        for (Record row : rows(lake)) {
            assertThat(rows.put((String) row.getField("caller"), row)).isNull();
        }
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        long endOfDay = DAY_START + 86_400_000L - 1;
        expected.forEach(
                (caller, history) -> {
                    CallerReputation r = CallerReplay.reputationAt(history, endOfDay, STANDARD);
                    Record row = rows.get(caller);
                    assertThat((Double) row.getField("score")).as(caller).isEqualTo(r.score());
                    assertThat(signals(row))
                            .as(caller)
                            .containsExactlyElementsOf(
                                    r.signals().stream().map(Enum::name).toList());
                });
        assertThat((Double) rows.get("k1.dialler").getField("score")).isGreaterThan(0.5);
        assertThat(signals(rows.get("k1.dialler"))).contains("RECENT_MASS_DIALLING");
        assertThat((Double) rows.get("k1.friend").getField("score")).isZero();
        assertThat((Long) rows.get("k1.friend").getField("calls")).isEqualTo(3);
        assertThat(signals(rows.get("k1.fraudster"))).contains("COMPLAINTS");

        // Every call and complaint removed (an erasure): a re-run writes no reputation for the
        // day, and none of the earlier run's is left standing.
        LakeTables.prepare(
                lake,
                c -> {
                    for (String table : List.of(Tables.RAW_CALLS, Tables.RAW_COMPLAINTS)) {
                        c.loadTable(
                                        org.apache.iceberg.catalog.TableIdentifier.of(
                                                LakeTables.NAMESPACE, table))
                                .newDelete()
                                .deleteFromRowFilter(
                                        org.apache.iceberg.expressions.Expressions.alwaysTrue())
                                .commit();
                    }
                });
        List<io.convergent.batch.lake.DayReplacement> replacing =
                new CallerReputationJob(lake, STANDARD).replacing(DAY);
        recompute(lake);
        for (io.convergent.batch.lake.DayReplacement replacement : replacing) {
            replacement.complete();
        }
        assertThat(rows(lake)).isEmpty();
    }

    @Test
    void aDiallerCaughtBeforeTheReplaysDaysIsRememberedAsTheStreamingLayerRemembersIt()
            throws Exception {
        Map<String, String> lake = new TemporaryLake(directory).properties();
        LakeTables.prepare(
                lake,
                c -> {
                    LakeTables.ensureIngestTables(c);
                    LakeTables.ensureModelTables(c);
                });
        List<InputEvent> events = new ArrayList<>();
        List<CallerReplay.Event> whole = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            long t = DAY_START + 10 * 3_600_000L + i * 12_000L;
            events.add(call("m" + i, t, "k1.dialler", "k1.victim-" + i, i % 20 == 0, 3_000));
            whole.add(CallerReplay.Event.call(t, "k1.victim-" + i, i % 20 == 0, 3_000));
        }
        // Then a few ordinary calls a day: the streaming layer's record of it stays alive.
        for (int d = 1; d <= 3; d++) {
            long t = DAY_START + d * 86_400_000L + 9 * 3_600_000L;
            events.add(call("q" + d, t, "k1.dialler", "k1.friend", true, 60_000));
            whole.add(CallerReplay.Event.call(t, "k1.friend", true, 60_000));
        }
        // Someone caught once, long quiet since: nothing to carry (no call in the replay's days).
        events.add(call("x", DAY_START + 12 * 3_600_000L, "k1.quiet", "k1.friend", true, 60_000));
        TemporaryLake.writeToRawTables(lake, events);

        LocalDate third = DAY.plusDays(2);
        LocalDate fourth = DAY.plusDays(3); // its replay reads DAY + 1 to DAY + 3: not the burst
        recompute(lake, third);
        recompute(lake, fourth);

        Map<String, Record> rows = new HashMap<>();
        for (Record row : rows(lake)) {
            if (row.getField("as_of_day").equals(fourth)) {
                rows.put((String) row.getField("caller"), row);
            }
        }
        assertThat(rows).containsOnlyKeys("k1.dialler");
        Record dialler = rows.get("k1.dialler");
        // What the streaming layer, which saw the whole history, holds at the end of DAY + 3 (its
        // last catch is a call of DAY + 2, when the burst still filled the day's counter).
        CallerReputation streaming =
                CallerReplay.reputationAt(whole, DAY_START + 4 * 86_400_000L - 1, STANDARD);
        assertThat(streaming.features().daysSinceMassDialling()).isBetween(1.0, 3.0);
        assertThat((Double) dialler.getField("days_since_mass_dialling"))
                .isCloseTo(
                        streaming.features().daysSinceMassDialling(),
                        org.assertj.core.data.Offset.offset(1e-6));
        assertThat(signals(dialler)).contains("RECENT_MASS_DIALLING");
        assertThat((Long) dialler.getField("calls")).isEqualTo(3);
    }

    @SuppressWarnings("unchecked")
    private static List<String> signals(Record row) {
        return (List<String>) row.getField("signals");
    }

    private static void recompute(Map<String, String> lake) throws Exception {
        recompute(lake, DAY);
    }

    private static void recompute(Map<String, String> lake, LocalDate day) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        new CallerReputationJob(lake, STANDARD).build(env, day);
        env.execute(CallerReputationJob.JOB_NAME);
    }

    private static List<Record> rows(Map<String, String> lake) throws Exception {
        return TemporaryLake.tableRows(lake, Tables.CALLER_REPUTATION);
    }

    private static CallEvent call(
            String id, long time, String caller, String callee, boolean answered, long talk) {
        long answer = time + 5_000;
        return new CallEvent(
                id,
                time,
                "call-" + id,
                caller,
                callee,
                Ingress.INTERCONNECT,
                time,
                answered ? answer : null,
                answered ? answer + talk : time + 20_000,
                answered ? ReleaseCause.NORMAL : ReleaseCause.NO_ANSWER,
                null,
                null);
    }

    private static ComplaintEvent complaint(
            String id, long time, ComplaintCategory category, String reported) {
        return new ComplaintEvent(id, time, "k1.someone", category, Channel.CALL_CENTRE, reported);
    }
}
