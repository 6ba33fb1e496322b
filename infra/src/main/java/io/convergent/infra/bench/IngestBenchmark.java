package io.convergent.infra.bench;

import io.convergent.common.event.InputTopics;
import io.convergent.common.identity.PseudonymKeyFile;
import io.convergent.infra.generator.GenerationCounts;
import io.convergent.infra.generator.GeneratorConfig;
import io.convergent.infra.generator.GroundTruth;
import io.convergent.infra.generator.HistoryGenerator;
import io.convergent.infra.generator.KafkaEventSink;
import io.convergent.infra.kafka.KafkaBroker;
import io.convergent.infra.lake.LakeCatalog;
import io.convergent.infra.lake.LakeCatalogs;
import io.convergent.infra.launcher.LocalIngestSettings;
import io.convergent.streaming.ingest.IngestJob;
import io.convergent.streaming.ingest.IngestOptions;
import io.convergent.streaming.runtime.LocalFlink;
import io.convergent.streaming.runtime.LocalJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import one.profiler.AsyncProfiler;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * {@code bin/convergent bench ingest [SUBSCRIBERS] [DAYS]}: the ingest job's sustained throughput
 * from Kafka into Iceberg, beside a bare job that reads the same topics and discards every record,
 * in the same run, on the same in-process Flink setup (parallelism 2, RocksDB, checkpoints every 10
 * s). A generated history is written to a local broker first; each job then reads all of it,
 * bounded, and is timed from RUNNING to FINISHED. Prints one line per figure.
 */
public final class IngestBenchmark {

    /** A file to write the ingest run's CPU profile to, in collapsed-stack form. */
    public static final String PROFILE_PROPERTY = "convergent.bench.profile";

    private static final int PARALLELISM = 2;
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    private IngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchArguments arguments =
                BenchArguments.of("Usage: convergent bench ingest [SUBSCRIBERS] [DAYS]", args, 2);
        int subscribers = arguments.positiveInt(0, "SUBSCRIBERS", 20_000);
        int days = arguments.positiveInt(1, "DAYS", 5);
        GeneratorConfig config =
                GeneratorConfig.builder()
                        .subscribers(subscribers)
                        .days(days)
                        .seed(7)
                        .malformedRate(0.001)
                        .build();

        Path directory = Files.createTempDirectory("convergent-bench-ingest");
        try {
            try (KafkaBroker broker = BenchBroker.start(directory.resolve("kafka"))) {
                String bootstrap = broker.bootstrapServers();
                GenerationCounts written;
                try (KafkaEventSink sink = new KafkaEventSink(bootstrap)) {
                    written = HistoryGenerator.write(config, sink, GroundTruth.none());
                }
                System.out.printf(
                        "ingest bench: %d subscribers x %d days, %,d records (%,d malformed),"
                                + " parallelism %d on %d cores, checkpoints every %d s%n",
                        subscribers,
                        days,
                        written.records(),
                        written.malformed(),
                        PARALLELISM,
                        Runtime.getRuntime().availableProcessors(),
                        CHECKPOINT_INTERVAL.toSeconds());

                // The first pass of each job warms the JIT (Flink, Kafka, Iceberg and our code
                // are compiled while they run); the second pass is the one reported.
                double bareSeconds = 0;
                double ingestSeconds = 0;
                for (int pass = 1; pass <= 2; pass++) {
                    boolean measured = pass == 2;
                    String bareGroup = "bench-bare-" + pass;
                    bareSeconds =
                            timeBoundedJob(
                                    "bare-read",
                                    directory.resolve("checkpoints-bare-" + pass),
                                    env -> bareRead(env, bootstrap, bareGroup),
                                    null);
                    try (LakeCatalog lake = LakeCatalogs.open(directory.resolve("lake-" + pass))) {
                        IngestJob ingest = new IngestJob(options(bootstrap, lake, directory, pass));
                        ingest.prepareTables();
                        ingestSeconds =
                                timeBoundedJob(
                                        "ingest",
                                        directory.resolve("checkpoints-ingest-" + pass),
                                        ingest::build,
                                        measured ? System.getProperty(PROFILE_PROPERTY) : null);
                    }
                    System.out.printf(
                            "  pass %d%s:%n", pass, measured ? " (measured)" : " (JIT warm-up)");
                    report("bare read-and-discard", written.records(), bareSeconds);
                    report("ingest into Iceberg", written.records(), ingestSeconds);
                }
                System.out.printf("  ingest/bare ratio: %.2f%n", bareSeconds / ingestSeconds);
            }
        } finally {
            BenchBroker.deleteRecursively(directory);
        }
    }

    private static IngestOptions options(
            String bootstrap, LakeCatalog lake, Path directory, int pass) {
        Path keyFile = directory.resolve("secrets/pseudonym.keys");
        PseudonymKeyFile.createIfMissing(keyFile);
        Map<String, String> settings =
                LocalIngestSettings.of(bootstrap, lake, keyFile, "bench-ingest-" + pass);
        settings.put(IngestOptions.BOUNDED, "true");
        return IngestOptions.fromMap(settings);
    }

    /** Reads every input topic to its end and drops each record: the floor of any Kafka job. */
    private static void bareRead(StreamExecutionEnvironment env, String bootstrap, String group) {
        KafkaSource<Integer> source =
                KafkaSource.<Integer>builder()
                        .setBootstrapServers(bootstrap)
                        .setTopics(InputTopics.all().stream().map(t -> t.name()).toList())
                        .setGroupId(group)
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setBounded(OffsetsInitializer.latest())
                        .setDeserializer(new ValueLength())
                        .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "bare read")
                .sinkTo(new DiscardingSink<>());
    }

    /** The length of each record's value: touches the bytes, allocates almost nothing. */
    private static final class ValueLength implements KafkaRecordDeserializationSchema<Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Integer> out) {
            out.collect(record.value() == null ? 0 : record.value().length);
        }

        @Override
        public TypeInformation<Integer> getProducedType() {
            return Types.INT;
        }
    }

    /** Runs a bounded job to its end; seconds from RUNNING to FINISHED (startup excluded). */
    private static double timeBoundedJob(
            String name, Path checkpoints, Consumer<StreamExecutionEnvironment> job, String profile)
            throws Exception {
        try (LocalJob running =
                LocalJob.start(
                        name,
                        BenchFlinkOptions.withOverrides(
                                LocalFlink.configuration(checkpoints, CHECKPOINT_INTERVAL, 0)),
                        PARALLELISM,
                        job)) {
            while (running.status() != JobStatus.RUNNING && !running.termination().isDone()) {
                Thread.sleep(20);
            }
            long start = System.nanoTime();
            if (profile != null) {
                // async-profiler (shipped with flink-runtime), CPU samples of the timed part only.
                AsyncProfiler.getInstance().execute("start,event=itimer,interval=5ms");
            }
            running.termination().get(30, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (profile != null) {
                AsyncProfiler.getInstance().execute("stop,file=" + profile + ",collapsed");
                System.out.println("  profile of the ingest run: " + profile);
            }
            return seconds;
        }
    }

    private static void report(String what, long records, double seconds) {
        double perSecond = records / seconds;
        System.out.printf(
                "  %-22s %,10.0f events/s (%,.0f per core; %.1f s)%n",
                what + ":", perSecond, perSecond / PARALLELISM, seconds);
    }
}
