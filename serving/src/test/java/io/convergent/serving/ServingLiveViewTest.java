package io.convergent.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.serving.http.Clients;
import io.convergent.serving.http.Health;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether a serving process without a broker answers from live state, as configured. */
class ServingLiveViewTest {

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
            assertThat(health.status()).isEqualTo("STARTING");
            assertThat(health.notReady())
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .startsWith("no batch view served yet")
                    .contains("bin/convergent batch run --day YYYY-MM-DD");
        }
    }

    private Serving start(Map<String, String> extra) throws Exception {
        Path clients = directory.resolve("clients.yaml");
        Files.writeString(
                clients,
                "clients:\n  - name: bank\n    token-sha256: "
                        + Clients.sha256("t")
                        + "\n    scopes: [transfers:risk]\n");
        Map<String, String> settings = new HashMap<>(extra);
        settings.put(ServingConfig.DIRECTORY, directory.resolve("serving").toString());
        settings.put(ServingConfig.CLIENTS_FILE, clients.toString());
        settings.put(ServingConfig.PORT, "0");
        byte[] key = new byte[32];
        return new Serving(
                ServingConfig.fromMap(settings),
                Clock.systemUTC(),
                Map.of("CONVERGENT_PSEUDONYM_KEY", "1:" + Base64.getEncoder().encodeToString(key)));
    }
}
