package io.convergent.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.convergent.common.event.DataSessionEvent;
import io.convergent.common.event.InputTopics;
import io.convergent.common.event.RadioAccess;
import io.convergent.common.identity.IdentifierKind;
import io.convergent.common.identity.Identifiers;
import io.convergent.common.identity.PseudonymKeyFile;
import io.convergent.common.identity.PseudonymKeyRing;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.topic.Topics;
import io.convergent.infra.kafka.KafkaBroker;
import io.convergent.infra.lake.LakeCatalog;
import io.convergent.infra.lake.LakeCatalogs;
import io.convergent.infra.launcher.DataDirectory;
import io.convergent.infra.launcher.LocalIngestSettings;
import io.convergent.infra.serving.ServingProcess;
import io.convergent.streaming.ingest.IngestJob;
import io.convergent.streaming.ingest.IngestOptions;
import io.convergent.streaming.runtime.LocalFlink;
import io.convergent.streaming.runtime.LocalJob;
import io.convergent.streaming.speedview.SpeedViewOptions;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code bin/convergent bench freshness [SAMPLES] [INTERVAL_MS]}: from an event entering Kafka to
 * serving reflecting it. The whole path runs as {@code up} runs it: a broker in its own JVM, the
 * ingest job with the speed view (Flink, in this JVM), serving in its own JVM. Each sample is one
 * data session of 1 MB for one of 20 subscribers, sent with the send time noted; the features of
 * that subscriber are then read from serving every millisecond until {@code data_mb_7d} shows it.
 */
public final class FreshnessBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SUBSCRIBERS = 20;

    private FreshnessBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchArguments arguments =
                BenchArguments.of(
                        "Usage: convergent bench freshness [SAMPLES] [INTERVAL_MS]", args, 2);
        int samples = arguments.positiveInt(0, "SAMPLES", 300);
        long intervalMillis = arguments.positiveLong(1, "INTERVAL_MS", 100);
        Path root = Files.createTempDirectory("convergent-bench-freshness");
        DataDirectory layout = DataDirectory.create(root.resolve("var"));
        PseudonymKeyFile.createIfMissing(layout.pseudonymKeys());
        System.out.printf(
                "bench freshness: %d samples, one every %d ms; %d cores%n",
                samples, intervalMillis, Runtime.getRuntime().availableProcessors());
        try (KafkaBroker broker = BenchBroker.start(layout.kafka());
                LakeCatalog lake = LakeCatalogs.open(layout.root())) {
            Map<String, String> settings =
                    LocalIngestSettings.of(
                            broker.bootstrapServers(),
                            lake,
                            layout.pseudonymKeys(),
                            "bench-freshness");
            IngestJob job =
                    new IngestJob(
                            IngestOptions.fromMap(settings), SpeedViewOptions.fromMap(settings));
            job.prepareTables();
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            try (LocalJob ingest =
                            LocalJob.start(
                                    "bench-freshness", flinkConfiguration(layout), 2, job::build);
                    ServingProcess serving =
                            ServingProcess.start(layout.root(), broker.bootstrapServers(), port);
                    KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers())) {
                run(serving, producer, layout, samples, intervalMillis);
            }
        } finally {
            BenchBroker.deleteRecursively(root);
        }
    }

    /**
     * The ingest job's configuration as {@code up} has it; {@code
     * -Dconvergent.bench.unaligned-checkpoints=true} tries unaligned checkpoints instead.
     */
    private static org.apache.flink.configuration.Configuration flinkConfiguration(
            DataDirectory layout) {
        org.apache.flink.configuration.Configuration config =
                LocalFlink.configuration(
                        layout.checkpoints().resolve("ingest"), Duration.ofSeconds(10), 0);
        if (Boolean.getBoolean("convergent.bench.unaligned-checkpoints")) {
            config.set(org.apache.flink.configuration.CheckpointingOptions.ENABLE_UNALIGNED, true);
        }
        return config;
    }

    private static void run(
            ServingProcess serving,
            KafkaProducer<byte[], byte[]> producer,
            DataDirectory layout,
            int samples,
            long intervalMillis)
            throws Exception {
        Pseudonymiser pseudonymiser =
                new Pseudonymiser(
                        PseudonymKeyRing.readFile(layout.pseudonymKeys()), Identifiers.russian());
        String token = Files.readString(layout.root().resolve("secrets/serving.token")).trim();
        HttpClient client = HttpClient.newHttpClient();
        String[] numbers = new String[SUBSCRIBERS];
        String[] ids = new String[SUBSCRIBERS];
        double[] expected = new double[SUBSCRIBERS];
        for (int i = 0; i < SUBSCRIBERS; i++) {
            numbers[i] = String.format("+795800%05d", i);
            ids[i] = pseudonymiser.pseudonymise(IdentifierKind.MSISDN, numbers[i]);
        }
        // Warm-up: the job and serving see each subscriber once; not measured.
        for (int i = 0; i < SUBSCRIBERS; i++) {
            send(producer, numbers[i]);
            expected[i] += 1;
        }
        for (int i = 0; i < SUBSCRIBERS; i++) {
            await(client, serving, token, ids[i], expected[i], TimeUnit.SECONDS.toNanos(120));
        }
        long[] latencies = new long[samples];
        for (int n = 0; n < samples; n++) {
            int i = n % SUBSCRIBERS;
            long sent = System.nanoTime();
            send(producer, numbers[i]);
            expected[i] += 1;
            latencies[n] =
                    await(client, serving, token, ids[i], expected[i], TimeUnit.SECONDS.toNanos(30))
                            - sent;
            long next = sent + TimeUnit.MILLISECONDS.toNanos(intervalMillis);
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
        Arrays.sort(latencies);
        System.out.printf(
                "  event into Kafka -> serving reflects it: p50 %.1f ms  p90 %.1f ms  p99 %.1f ms"
                        + "  max %.1f ms  (%d samples)%n",
                percentile(latencies, 50),
                percentile(latencies, 90),
                percentile(latencies, 99),
                latencies[latencies.length - 1] / 1e6,
                samples);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String number)
            throws Exception {
        long now = System.currentTimeMillis();
        DataSessionEvent event =
                new DataSessionEvent(
                        UUID.randomUUID().toString(),
                        now,
                        number,
                        null,
                        now - 60_000,
                        now,
                        500_000,
                        500_000,
                        RadioAccess.LTE,
                        null,
                        null);
        var topic = InputTopics.byName(Topics.TELCO_DATA).orElseThrow();
        @SuppressWarnings({"unchecked", "rawtypes"})
        byte[] value = ((io.convergent.common.event.InputTopic) topic).serialise(event);
        producer.send(new ProducerRecord<>(Topics.TELCO_DATA, null, value)).get();
    }

    /** Reads the subscriber's features until data_mb_7d reaches {@code expected}; when it did. */
    private static long await(
            HttpClient client,
            ServingProcess serving,
            String token,
            String id,
            double expected,
            long timeoutNanos)
            throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create(serving.url() + "/v1/subscribers/" + id + "/features"))
                        .header("Authorization", "Bearer " + token)
                        .build();
        long deadline = System.nanoTime() + timeoutNanos;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response =
                    client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                JsonNode features = JSON.readTree(response.body()).path("features");
                if (features.path("data_mb_7d").asDouble() >= expected - 1e-9) {
                    return System.nanoTime();
                }
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
        throw new IllegalStateException(
                "serving did not reflect an event within " + timeoutNanos / 1_000_000 + " ms");
    }

    private static double percentile(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.LINGER_MS_CONFIG,
                        "0",
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                        ByteArraySerializer.class.getName(),
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                        ByteArraySerializer.class.getName()));
    }
}
