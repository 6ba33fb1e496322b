package io.convergent.infra.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.convergent.batch.features.WindowFeaturesJob;
import io.convergent.common.features.FeatureCatalog;
import io.convergent.common.identity.PseudonymKeyFile;
import io.convergent.common.topic.Topics;
import io.convergent.infra.batch.BatchCommand;
import io.convergent.infra.generator.GenerateCommand;
import io.convergent.infra.kafka.TopicProvisioner;
import io.convergent.infra.lake.LakeCatalog;
import io.convergent.infra.lake.LakeCatalogs;
import io.convergent.infra.launcher.DataDirectory;
import io.convergent.infra.launcher.LocalIngestSettings;
import io.convergent.infra.testing.KafkaBrokerExtension;
import io.convergent.streaming.ingest.IngestJob;
import io.convergent.streaming.ingest.IngestOptions;
import io.convergent.streaming.runtime.LocalFlink;
import io.convergent.streaming.runtime.LocalJob;
import io.convergent.streaming.speedview.SpeedViewOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lambda property, end to end: a history generated up to today, ingested (raw tables, and the
 * speed view published to Kafka), the batch layer run to yesterday and its view published, serving
 * started in its own JVM on that lake and those topics. Then, for every subscriber, the features
 * serving returns equal the features the batch layer computes when re-run over all events so far.
 * Serving is then killed and restarted, and answers the same.
 */
class LambdaPropertyIT {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * More than the test's own time-outs add up to (ingest 5 min, serving ready twice 2 min, the
     * rest); it takes about a minute, and must not cross midnight.
     */
    private static final Duration TEST_TAKES_AT_MOST = Duration.ofMinutes(20);

    @TempDir Path dataDir;

    @Test
    void servingAnswersWhatTheBatchLayerComputesOverAllEventsSoFar() throws Exception {
        waitIfMidnightIsNear();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate cutoff = today.minusDays(1);
        DataDirectory layout = DataDirectory.create(dataDir);
        PseudonymKeyFile.createIfMissing(layout.pseudonymKeys());
        Map<String, String> lake;
        try (LakeCatalog catalog = LakeCatalogs.open(dataDir)) {
            lake = catalog.properties();
        }
        String bootstrap = KAFKA.bootstrapServers();
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicProvisioner.forLocalBroker(admin).provision(Topics.all());
        }

        generate(bootstrap, today.minusDays(4), 5);
        // What the batch layer said, for a failure to show (whether it published, for one).
        List<String> batchLines = new ArrayList<>();
        ingest(bootstrap, layout);
        BatchCommand.runDays(
                lake,
                today.minusDays(4),
                cutoff,
                EnumSet.of(BatchCommand.Step.FEATURES, BatchCommand.Step.PUBLISH_VIEW),
                List.of(),
                batchLines::add);

        // The batch layer re-run over everything so far: today's tiles, today's windows.
        BatchCommand.runDays(
                lake, today, today, EnumSet.of(BatchCommand.Step.FEATURES), List.of(), l -> {});
        Map<String, double[]> truth = new WindowFeaturesJob(lake).collect(today);
        assertThat(truth).hasSizeGreaterThan(50);

        ServingProcess serving =
                ServingProcess.start(dataDir, bootstrap, KafkaBrokerExtension.freePorts(1)[0]);
        String token = Files.readString(layout.root().resolve("secrets/serving.token")).trim();
        Map<String, double[]> served;
        try {
            awaitReady(serving, cutoff, batchLines);
            served = features(serving, token, truth.keySet());
        } finally {
            serving.close();
        }
        assertThat(served.keySet()).isEqualTo(truth.keySet());
        List<String> names = FeatureCatalog.names();
        for (Map.Entry<String, double[]> e : truth.entrySet()) {
            double[] answer = served.get(e.getKey());
            for (int i = 0; i < names.size(); i++) {
                assertThat(answer[i])
                        .as("%s of %s", names.get(i), e.getKey())
                        .isEqualTo(e.getValue()[i]);
            }
        }

        // Restarted on the same directory: the same answers, from RocksDB and its offsets.
        ServingProcess restarted =
                ServingProcess.start(dataDir, bootstrap, KafkaBrokerExtension.freePorts(1)[0]);
        try {
            awaitReady(restarted, cutoff, batchLines);
            Map<String, double[]> again = features(restarted, token, truth.keySet());
            for (String subscriber : truth.keySet()) {
                assertThat(again.get(subscriber)).containsExactly(served.get(subscriber));
            }
            assertThat(Files.readString(dataDir.resolve("serving/serving.log")))
                    .contains("Serving batch view 1 from disk");
        } finally {
            restarted.close();
        }
    }

    private static void generate(String bootstrap, LocalDate start, int days) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                GenerateCommand.run(
                        new String[] {
                            "--subscribers",
                            "120",
                            "--days",
                            Integer.toString(days),
                            "--seed",
                            "11",
                            "--start",
                            start.toString(),
                            "--bootstrap",
                            bootstrap
                        },
                        new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(err),
                        InstantSource.system());
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    }

    private static void ingest(String bootstrap, DataDirectory layout) throws Exception {
        Map<String, String> settings;
        try (LakeCatalog catalog = LakeCatalogs.open(layout.root())) {
            settings =
                    new HashMap<>(
                            LocalIngestSettings.of(
                                    bootstrap, catalog, layout.pseudonymKeys(), "lambda-ingest"));
        }
        IngestOptions options = IngestOptions.fromMap(settings).withBounded(true);
        IngestJob job = new IngestJob(options, SpeedViewOptions.fromMap(settings));
        job.prepareTables();
        try (LocalJob running =
                LocalJob.start(
                        "lambda-ingest",
                        LocalFlink.configuration(
                                layout.checkpoints().resolve("ingest"), Duration.ofSeconds(2), 0),
                        2,
                        job::build)) {
            running.termination().get(5, TimeUnit.MINUTES);
        }
    }

    /** Serving has loaded the view of {@code cutoff} and caught up with the speed view. */
    private static void awaitReady(
            ServingProcess serving, LocalDate cutoff, List<String> batchLines) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        JsonNode health = null;
        while (System.nanoTime() < deadline) {
            health =
                    JSON.readTree(
                            client.send(
                                            HttpRequest.newBuilder(
                                                            URI.create(serving.url() + "/health"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .body());
            if (health.path("ready").asBoolean()
                    && health.path("speedView").path("lagRecords").asLong() == 0) {
                assertThat(health.path("batchView").path("cutoffDay").asText())
                        .isEqualTo(cutoff.toString());
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(
                "serving not ready in time: "
                        + health
                        + "\nthe batch layer said:\n"
                        + String.join("\n", batchLines)
                        + "\n"
                        + serving.logTail());
    }

    private static Map<String, double[]> features(
            ServingProcess serving, String token, Iterable<String> subscribers) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        Map<String, double[]> served = new HashMap<>();
        List<String> names = FeatureCatalog.names();
        for (String subscriber : subscribers) {
            HttpResponse<String> response =
                    client.send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    serving.url()
                                                            + "/v1/subscribers/"
                                                            + subscriber
                                                            + "/features"))
                                    .header("Authorization", "Bearer " + token)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode features = JSON.readTree(response.body()).path("features");
            double[] vector = new double[names.size()];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = features.path(names.get(i)).asDouble(Double.NaN);
            }
            served.put(subscriber, vector);
        }
        return served;
    }

    /**
     * Starts neither near midnight (UTC) nor before yesterday's events have settled: both views
     * must agree on which day is today for the whole test, and the batch layer publishes no view of
     * yesterday before {@link BatchCommand#settles} (five minutes and more after midnight), so a
     * test begun at 00:01 waited two minutes for a view that never came.
     */
    private static void waitIfMidnightIsNear() throws InterruptedException {
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant wakeAt = null;
        if (now.isAfter(
                today.plusDays(1)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant()
                        .minus(TEST_TAKES_AT_MOST))) {
            wakeAt = BatchCommand.settles(today);
        } else if (now.isBefore(BatchCommand.settles(today.minusDays(1)))) {
            wakeAt = BatchCommand.settles(today.minusDays(1));
        }
        if (wakeAt != null) {
            Thread.sleep(Duration.between(now, wakeAt).plusSeconds(5).toMillis());
        }
    }
}
