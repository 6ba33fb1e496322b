package io.convergent.infra.bench;

import io.convergent.infra.generator.CountingEventSink;
import io.convergent.infra.generator.GenerationCounts;
import io.convergent.infra.generator.GeneratorConfig;
import io.convergent.infra.generator.GroundTruth;
import io.convergent.infra.generator.HistoryGenerator;
import io.convergent.infra.generator.KafkaEventSink;
import io.convergent.infra.kafka.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code bin/convergent bench generator [SUBSCRIBERS] [DAYS]}: the scenario generator's throughput
 * into a real local broker (started for the run in a temporary directory, on free ports), beside
 * its throughput with nothing written, measured in the same run so the ratio is meaningful on a
 * shared machine. Prints one line per figure.
 */
public final class GeneratorBenchmark {

    private GeneratorBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchArguments arguments =
                BenchArguments.of(
                        "Usage: convergent bench generator [SUBSCRIBERS] [DAYS]", args, 2);
        int subscribers = arguments.positiveInt(0, "SUBSCRIBERS", 20_000);
        int days = arguments.positiveInt(1, "DAYS", 3);
        GeneratorConfig config =
                GeneratorConfig.builder().subscribers(subscribers).days(days).seed(7).build();

        // Warm the JIT on a small run so neither measured run pays for compilation alone.
        HistoryGenerator.write(
                GeneratorConfig.builder().subscribers(2_000).days(1).seed(1).build(),
                new CountingEventSink(),
                GroundTruth.none());

        long start = System.nanoTime();
        GenerationCounts dry =
                HistoryGenerator.write(config, new CountingEventSink(), GroundTruth.none());
        double drySeconds = (System.nanoTime() - start) / 1e9;

        Path directory = Files.createTempDirectory("convergent-bench-generator");
        try {
            try (KafkaBroker broker = BenchBroker.start(directory)) {
                start = System.nanoTime();
                GenerationCounts written;
                try (KafkaEventSink sink = new KafkaEventSink(broker.bootstrapServers())) {
                    written = HistoryGenerator.write(config, sink, GroundTruth.none());
                }
                double kafkaSeconds = (System.nanoTime() - start) / 1e9;

                System.out.printf(
                        "generator bench: %d subscribers x %d days, %d records (%d malformed)%n",
                        subscribers, days, written.records(), written.malformed());
                System.out.printf(
                        "  no sink:      %,.0f records/s (%.1f s)%n",
                        dry.records() / drySeconds, drySeconds);
                System.out.printf(
                        "  local broker: %,.0f records/s (%.1f s, acks=all, idempotent, lz4)%n",
                        written.records() / kafkaSeconds, kafkaSeconds);
                System.out.printf(
                        "  broker/no-sink ratio: %.2f%n",
                        (written.records() / kafkaSeconds) / (dry.records() / drySeconds));
            }
        } finally {
            BenchBroker.deleteRecursively(directory);
        }
    }
}
