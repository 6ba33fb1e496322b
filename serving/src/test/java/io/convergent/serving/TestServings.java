package io.convergent.serving;

import io.convergent.serving.http.Clients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * Starts a serving as the tests of this package do: over {@code <directory>/serving}, one client
 * ("bank", token "t", every scope the tests ask with), a pseudonymisation key of zeros, any free
 * port; {@code settings} add to or replace those.
 */
final class TestServings {

    /** The token of the one client. */
    static final String TOKEN = "t";

    private TestServings() {}

    /** Following the speed view, if {@code settings} name a broker, with real Kafka consumers. */
    static Serving start(Path directory, Map<String, String> settings, Clock clock)
            throws Exception {
        return new Serving(config(directory, settings), clock, environment());
    }

    /** Following the speed view with the consumers {@code speedViewConsumer} makes (a fake's). */
    static Serving start(
            Path directory,
            Map<String, String> settings,
            Clock clock,
            Function<String, Consumer<byte[], byte[]>> speedViewConsumer)
            throws Exception {
        return new Serving(config(directory, settings), clock, environment(), speedViewConsumer);
    }

    private static ServingConfig config(Path directory, Map<String, String> settings)
            throws Exception {
        Path clients = directory.resolve("clients.yaml");
        Files.writeString(
                clients,
                "clients:\n  - name: bank\n    token-sha256: "
                        + Clients.sha256(TOKEN)
                        + "\n    scopes: [transfers:risk, scores:read]\n");
        Map<String, String> all = new HashMap<>();
        all.put(ServingConfig.DIRECTORY, directory.resolve("serving").toString());
        all.put(ServingConfig.CLIENTS_FILE, clients.toString());
        all.put(ServingConfig.PORT, "0");
        all.putAll(settings);
        return ServingConfig.fromMap(all);
    }

    private static Map<String, String> environment() {
        return Map.of(
                "CONVERGENT_PSEUDONYM_KEY",
                "1:" + Base64.getEncoder().encodeToString(new byte[32]));
    }
}
