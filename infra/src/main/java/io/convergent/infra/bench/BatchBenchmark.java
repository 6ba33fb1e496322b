package io.convergent.infra.bench;

import io.convergent.batch.features.FeaturesDailyJob;
import io.convergent.common.event.InputTopic;
import io.convergent.common.event.InputTopics;
import io.convergent.common.features.DailyTiles;
import io.convergent.common.identity.Identifiers;
import io.convergent.common.identity.PseudonymKey;
import io.convergent.common.identity.PseudonymKeyRing;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.table.Tables;
import io.convergent.infra.generator.GeneratorConfig;
import io.convergent.infra.generator.GroundTruth;
import io.convergent.infra.generator.HistoryGenerator;
import io.convergent.infra.generator.LakeEventSink;
import io.convergent.infra.lake.LakeCatalog;
import io.convergent.infra.lake.LakeCatalogs;
import io.convergent.streaming.lake.LakeTables;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import one.profiler.AsyncProfiler;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.legacy.DiscardingSink;
import org.apache.flink.table.data.RowData;

/**
 * {@code convergent bench batch [SUBSCRIBERS] [RUNS]}: a day's feature recompute from the raw
 * tables ({@link FeaturesDailyJob}) beside a bare scan of the same tables and day, on a lake made
 * for the run: the generator's population for one day, parsed and pseudonymised by the ingest's own
 * code and written to the raw tables as the ingest writes them. The jobs alternate {@code RUNS}
 * times each; each run's events/s, per core, and the ratio are printed, and the same by the CPU
 * time each job used (events per CPU-second, steadier than the run time on a shared host). A third
 * job in each run scans only the columns the recompute reads (it reads under half of them), for the
 * ratio to the stricter floor; it always runs right after the full scan, so it may meet a warmer
 * page cache.
 *
 * <p>System properties: {@code convergent.bench.parallelism} (2); {@code convergent.bench.profile}
 * (a path prefix: async-profiler CPU samples of the last run's three jobs, collapsed stacks, in
 * {@code <prefix>-bare.collapsed}, {@code <prefix>-bare-read.collapsed} and {@code
 * <prefix>-recompute.collapsed}); {@code convergent.bench.managed-memory} (the local cluster's
 * managed memory, e.g. {@code 1g}; Flink's local default when absent; the recompute no longer
 * sorts, so it uses none).
 */
public final class BatchBenchmark {

    private static final int PARALLELISM = Integer.getInteger("convergent.bench.parallelism", 2);

    private BatchBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchArguments arguments =
                BenchArguments.of("Usage: convergent bench batch [SUBSCRIBERS] [RUNS]", args, 2);
        int subscribers = arguments.positiveInt(0, "SUBSCRIBERS", 20_000);
        int runs = arguments.positiveInt(1, "RUNS", 3);
        Path directory = Files.createTempDirectory("convergent-bench-batch");
        try (LakeCatalog lake = LakeCatalogs.open(directory)) {
            LakeTables.prepare(
                    lake.properties(),
                    catalog -> {
                        LakeTables.ensureIngestTables(catalog);
                        LakeTables.ensureFeatureTables(catalog);
                    });
            long started = System.nanoTime();
            Map<Long, Long> eventsByDay = writeOneDay(lake, subscribers);
            Map.Entry<Long, Long> busiest =
                    eventsByDay.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
            LocalDate day = LocalDate.ofEpochDay(busiest.getKey());
            long events = busiest.getValue();
            System.out.printf(
                    "batch bench: %,d subscribers, %,d events on %s in the raw tables (written in"
                            + " %.0f s); parallelism %d on %d cores%n",
                    subscribers,
                    events,
                    day,
                    (System.nanoTime() - started) / 1e9,
                    PARALLELISM,
                    Runtime.getRuntime().availableProcessors());
            FeaturesDailyJob features = new FeaturesDailyJob(lake.properties());
            String profile = System.getProperty(IngestBenchmark.PROFILE_PROPERTY);
            for (int run = 1; run <= runs; run++) {
                boolean last = run == runs;
                double cpuBefore = processCpuSeconds();
                double bare =
                        profiled(
                                last ? profile : null,
                                "bare",
                                () -> bareScan(lake.properties(), day, false));
                double cpuAfterBare = processCpuSeconds();
                double bareRead =
                        profiled(
                                last ? profile : null,
                                "bare-read",
                                () -> bareScan(lake.properties(), day, true));
                double cpuBetween = processCpuSeconds();
                double recompute =
                        profiled(
                                last ? profile : null, "recompute", () -> recompute(features, day));
                double bareCpu = cpuAfterBare - cpuBefore;
                double bareReadCpu = cpuBetween - cpuAfterBare;
                double recomputeCpu = processCpuSeconds() - cpuBetween;
                System.out.printf(
                        "  run %d: bare scan %.1f s = %,.0f events/s (%,.0f per core);"
                                + " feature recompute %.1f s = %,.0f events/s (%,.0f per core);"
                                + " ratio %.2f%n"
                                + "         CPU: bare scan %.1f s = %,.0f events per CPU-second;"
                                + " feature recompute %.1f s = %,.0f events per CPU-second;"
                                + " ratio %.2f%n"
                                + "         the recompute's columns only: bare scan %.1f s"
                                + " (%.1f CPU-s) = %,.0f events per CPU-second;"
                                + " ratio %.2f (CPU %.2f)%n",
                        run,
                        bare,
                        events / bare,
                        events / bare / PARALLELISM,
                        recompute,
                        events / recompute,
                        events / recompute / PARALLELISM,
                        bare / recompute,
                        bareCpu,
                        events / bareCpu,
                        recomputeCpu,
                        events / recomputeCpu,
                        bareCpu / recomputeCpu,
                        bareRead,
                        bareReadCpu,
                        events / bareReadCpu,
                        bareRead / recompute,
                        bareReadCpu / recomputeCpu);
            }
        } finally {
            deleteRecursively(directory);
        }
    }

    /**
     * Generates one day for {@code subscribers} and writes its events to the raw tables; returns
     * how many events each UTC day holds (the history ends now, so it spans two days).
     */
    private static Map<Long, Long> writeOneDay(LakeCatalog lake, int subscribers) throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<Long, Long> eventsByDay = new TreeMap<>();
        GeneratorConfig config =
                GeneratorConfig.builder().subscribers(subscribers).days(1).seed(17).build();
        try (LakeEventSink sink =
                new LakeEventSink(
                        lake,
                        new Pseudonymiser(
                                PseudonymKeyRing.of(new PseudonymKey(1, key)),
                                Identifiers.russian()),
                        event ->
                                eventsByDay.merge(
                                        DailyTiles.dayOf(event.eventTime()), 1L, Long::sum))) {
            HistoryGenerator.write(config, sink, GroundTruth.none());
            sink.commit();
        }
        return eventsByDay;
    }

    /** A timed job. */
    private interface TimedJob {
        double run() throws Exception;
    }

    /**
     * Runs {@code job}; with a {@code prefix}, under async-profiler's CPU sampling, written in
     * collapsed-stack form to {@code <prefix>-<what>.collapsed}.
     */
    private static double profiled(String prefix, String what, TimedJob job) throws Exception {
        if (prefix == null) {
            return job.run();
        }
        AsyncProfiler.getInstance().execute("start,event=itimer,interval=5ms");
        try {
            return job.run();
        } finally {
            String file = prefix + "-" + what + ".collapsed";
            AsyncProfiler.getInstance().execute("stop,file=" + file + ",collapsed");
            System.out.println("  profile of the " + what + " run: " + file);
        }
    }

    /**
     * Reads the day from every raw table and discards the rows: every column, or with {@code
     * recomputesColumns} only those the recompute reads.
     */
    private static double bareScan(
            Map<String, String> lake, LocalDate day, boolean recomputesColumns) throws Exception {
        StreamExecutionEnvironment env = environment();
        // One discarding sink per table: the tables' row types differ, so they cannot be unioned.
        for (InputTopic<?> topic : InputTopics.all()) {
            String table = Tables.rawTableOf(topic.name()).orElseThrow();
            DataStream<RowData> rows =
                    FeaturesDailyJob.scan(
                            env,
                            lake,
                            table,
                            day,
                            day,
                            recomputesColumns ? FeaturesDailyJob.columnsRead(topic.name()) : null);
            // In the reading task, as the recompute's first step is.
            rows.addSink(new DiscardingSink<>())
                    .name("Discard " + table)
                    .setParallelism(rows.getParallelism());
        }
        return netSeconds(env.execute("bare scan"));
    }

    private static double recompute(FeaturesDailyJob features, LocalDate day) throws Exception {
        StreamExecutionEnvironment env = environment();
        features.build(env, day);
        return netSeconds(env.execute(FeaturesDailyJob.JOB_NAME));
    }

    /**
     * The CPU time this JVM has used, all threads: the jobs, the JIT and GC, and the start of the
     * local cluster each run brings (the same for both jobs). Unlike the run time it leaves out the
     * time other tenants of a shared host take from this one, so it compares runs more steadily.
     */
    private static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean)
                                ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1e9;
    }

    /** The job's own running time: without the start of the local cluster each run brings. */
    private static double netSeconds(JobExecutionResult result) {
        return result.getNetRuntime(TimeUnit.MILLISECONDS) / 1e3;
    }

    private static StreamExecutionEnvironment environment() {
        Configuration configuration = new Configuration();
        String managed = System.getProperty("convergent.bench.managed-memory");
        if (managed != null) {
            configuration.set(
                    org.apache.flink.configuration.TaskManagerOptions.MANAGED_MEMORY_SIZE,
                    org.apache.flink.configuration.MemorySize.parse(managed));
        }
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        // As the recompute runs: the bare scan's rows are not copied on their way to the sink.
        env.getConfig().enableObjectReuse();
        env.setParallelism(PARALLELISM);
        return env;
    }

    private static void deleteRecursively(Path directory) throws java.io.IOException {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
