package io.convergent.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.convergent.serving.http.Health;
import io.convergent.serving.testing.ServingFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a serving process without a broker answers, and from which view. */
class ServingLiveViewTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path directory;

    @Test
    void withoutKafkaTheLiveViewIsRefusedUnlessTheConfigurationWaivesIt() throws Exception {
        try (Serving serving = start(Map.of())) {
            assertThat(serving.liveViewProblem())
                    .contains("serving follows no live view (started without Kafka)");
        }
        try (Serving serving = start(Map.of(ServingConfig.LIVE_VIEW_REQUIRED, "false"))) {
            assertThat(serving.liveViewProblem()).isEmpty();
        }
    }

    @Test
    void healthSaysWhyItIsNotReady() throws Exception {
        try (Serving serving = start(Map.of())) {
            Health health = serving.health();

            assertThat(health.ready()).isFalse();
            assertThat(health.status()).isEqualTo(Health.Status.STARTING);
            assertThat(health.notReady())
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .startsWith("no batch view served yet")
                    .contains("bin/convergent batch run --day YYYY-MM-DD");
        }
    }

    @Test
    void startedWithBootstrapServersNoneItAnswersFromTheBatchViewAsOfItsCutoff() throws Exception {
        // A batch view on disk, as a previous run leaves it: serving opens it without the lake.
        String alice;
        String bob;
        try (ServingFixture view = new ServingFixture(directory.resolve("serving"))) {
            alice = view.alice;
            bob = view.bob;
        }
        try (Serving serving =
                start(
                        Map.of(ServingConfig.BOOTSTRAP_SERVERS, "none"),
                        Clock.fixed(ServingFixture.NOW, ZoneOffset.UTC))) {
            assertThat(serving.liveViewProblem())
                    .contains("serving follows no live view (started without Kafka)");
            assertThat(serving.health().ready()).as("ready for the batch answers").isTrue();

            HttpResponse<String> scores =
                    send(serving, "GET", "/v1/subscribers/" + alice + "/scores", null);
            assertThat(scores.statusCode()).as(scores.body()).isEqualTo(200);
            JsonNode answer = JSON.readTree(scores.body());
            assertThat(answer.path("asOfDay").asText()).isEqualTo(ServingFixture.CUTOFF.toString());
            assertThat(answer.path("batchView").path("stale").asBoolean()).isTrue();
            // Without a speed view the batch view is all serving will know: not found, not a 503
            // a client would retry for ever.
            HttpResponse<String> unknown =
                    send(serving, "GET", "/v1/subscribers/" + bob + "/scores", null);
            assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);

            HttpResponse<String> risk =
                    send(
                            serving,
                            "POST",
                            "/v1/transfers/risk",
                            "{\"subscriber\":\"" + alice + "\",\"newBeneficiary\":false}");
            assertThat(risk.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(risk.body()).path("code").asText()).isEqualTo("UNAVAILABLE");
            // No live view will come without a restart: nothing to retry after.
            assertThat(risk.headers().firstValue("Retry-After")).isEmpty();
        }
    }

    @Test
    void aLiveViewStillToComeIsA503WorthRetrying() throws Exception {
        String alice;
        try (ServingFixture view = new ServingFixture(directory.resolve("serving"))) {
            alice = view.alice;
        }
        // A broker address that resolves and never answers: the follower keeps trying.
        try (Serving serving = start(Map.of(ServingConfig.BOOTSTRAP_SERVERS, "127.0.0.1:1"))) {
            HttpResponse<String> risk =
                    send(
                            serving,
                            "POST",
                            "/v1/transfers/risk",
                            "{\"subscriber\":\"" + alice + "\",\"newBeneficiary\":false}");
            assertThat(risk.statusCode()).isEqualTo(503);
            assertThat(risk.headers().firstValue("Retry-After")).contains("1");
        }
    }

    @Test
    void aBrokerListKafkaCannotResolveIsRefusedNamingTheOption() {
        assertThatThrownBy(
                        () ->
                                start(
                                        Map.of(
                                                ServingConfig.BOOTSTRAP_SERVERS,
                                                "no-such-host.invalid:9092"),
                                        Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "convergent.kafka.bootstrap-servers 'no-such-host.invalid:9092': ");
    }

    private static HttpResponse<String> send(
            Serving serving, String method, String path, String body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + serving.port() + path))
                                .header("Authorization", "Bearer t")
                                .method(
                                        method,
                                        body == null
                                                ? HttpRequest.BodyPublishers.noBody()
                                                : HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private Serving start(Map<String, String> extra) throws Exception {
        return start(extra, Clock.systemUTC());
    }

    private Serving start(Map<String, String> extra, Clock clock) throws Exception {
        return TestServings.start(directory, extra, clock);
    }
}
