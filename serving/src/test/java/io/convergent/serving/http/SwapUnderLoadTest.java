package io.convergent.serving.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.serving.testing.ServingFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch views swapped while requests stream in: every request is answered, by one view whole. */
class SwapUnderLoadTest {

    @TempDir Path dir;

    @Test
    void noRequestIsDroppedOrMixedAcrossSwaps() throws Exception {
        try (ServingFixture fixture = new ServingFixture(dir);
                HttpServer server = new HttpServer("127.0.0.1", 0, 2, 4096, fixture.api())) {
            URI scores =
                    URI.create(
                            "http://127.0.0.1:"
                                    + server.port()
                                    + "/v1/subscribers/"
                                    + fixture.alice
                                    + "/scores");
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong answered = new AtomicLong();
            Map<Integer, Long> statuses = new ConcurrentHashMap<>();
            Map<String, Long> versions = new ConcurrentHashMap<>();
            Thread[] clients = new Thread[4];
            for (int c = 0; c < clients.length; c++) {
                clients[c] =
                        new Thread(
                                () -> {
                                    HttpClient client = HttpClient.newHttpClient();
                                    HttpRequest request =
                                            HttpRequest.newBuilder(scores)
                                                    .header(
                                                            "Authorization",
                                                            "Bearer " + ServingFixture.LOAD_TOKEN)
                                                    .build();
                                    while (running.get()) {
                                        try {
                                            HttpResponse<String> r =
                                                    client.send(
                                                            request,
                                                            HttpResponse.BodyHandlers.ofString());
                                            statuses.merge(r.statusCode(), 1L, Long::sum);
                                            // The score's version and the view's cutoff agree.
                                            String body = r.body();
                                            String cutoff =
                                                    body.replaceAll(
                                                            ".*\"cutoffDay\":\"([0-9-]+)\".*",
                                                            "$1");
                                            versions.merge(
                                                    body.contains(
                                                                    "\"version\":\""
                                                                            + cutoff
                                                                            + ".abc\"")
                                                            ? "consistent"
                                                            : "mixed",
                                                    1L,
                                                    Long::sum);
                                            answered.incrementAndGet();
                                        } catch (Exception e) {
                                            statuses.merge(-1, 1L, Long::sum);
                                        }
                                    }
                                });
                clients[c].start();
            }
            for (int v = 2; v <= 6; v++) {
                Path view = dir.resolve("views").resolve(Integer.toString(v));
                fixture.writeView(view, v, ServingFixture.CUTOFF.minusDays(v));
                long before = answered.get();
                assertThat(fixture.views().install(view)).isTrue();
                while (answered.get() < before + 50) {
                    Thread.sleep(5);
                }
            }
            running.set(false);
            for (Thread t : clients) {
                t.join();
            }
            assertThat(statuses).containsOnlyKeys(200);
            assertThat(versions).containsOnlyKeys("consistent");
            assertThat(answered.get()).isGreaterThan(250);
            assertThat(fixture.views().current().info().version()).isEqualTo(6);
        }
    }
}
