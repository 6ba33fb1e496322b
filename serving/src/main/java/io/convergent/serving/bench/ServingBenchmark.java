package io.convergent.serving.bench;

import io.convergent.common.identity.PseudonymKeyFile;
import io.convergent.serving.http.LocalClients;
import io.convergent.serving.store.Directories;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * {@code bin/convergent bench serving}: serving in a JVM of its own on a synthetic batch view of
 * {@code --subscribers} subscribers and {@code --models} models, loaded from this process at a
 * fixed rate: first a scores lookup (every model) per request, then a transfer risk per request, on
 * random subscribers. Prints p50/p99/p99.9/max latency and the throughput reached.
 *
 * <pre>bench serving [--subscribers 100000] [--models 24] [--rate 20000] [--seconds 30]
 *               [--connections 16] [--warmup 15]</pre>
 */
public final class ServingBenchmark {

    private static final int POOL = 1 << 16;

    private ServingBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int subscribers = Integer.parseInt(o.getOrDefault("subscribers", "100000"));
        int models = Integer.parseInt(o.getOrDefault("models", "24"));
        double rate = Double.parseDouble(o.getOrDefault("rate", "20000"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "30"));
        int connections = Integer.parseInt(o.getOrDefault("connections", "16"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "15"));
        double coldRate = Double.parseDouble(o.getOrDefault("uncached-rate", "5000"));

        Path dir = Files.createTempDirectory("convergent-bench-serving");
        System.out.printf(
                "bench serving: %d subscribers, %d models, %.0f req/s for %d s over %d connections;"
                        + " %d cores, Java %s%n",
                subscribers,
                models,
                rate,
                seconds,
                connections,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        long t0 = System.nanoTime();
        LocalDate cutoff = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        SyntheticView.write(dir.resolve("views/1"), subscribers, models, cutoff, 42);
        Files.writeString(dir.resolve("views/CURRENT"), "1");
        System.out.printf(
                "  synthetic batch view written in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        Path keys = dir.resolve("secrets/pseudonym.keys");
        PseudonymKeyFile.createIfMissing(keys);
        Path clients = dir.resolve("clients.yaml");
        Path tokenFile = dir.resolve("secrets/serving.token");
        LocalClients.createIfMissing(clients, tokenFile);
        String token = Files.readString(tokenFile).trim();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Random random = new Random(7);
        // Requests made ahead, so the load costs as little CPU as it can beside the server.
        byte[][] scores = new byte[POOL][];
        byte[][] risk = new byte[POOL][];
        for (int i = 0; i < POOL; i++) {
            String id = SyntheticView.subscriber(random.nextInt(subscribers));
            scores[i] = LoadGenerator.get("/v1/subscribers/" + id + "/scores", token);
            risk[i] =
                    LoadGenerator.post(
                            "/v1/transfers/risk",
                            token,
                            "{\"subscriber\":\""
                                    + id
                                    + "\",\"amountMinor\":150000,\"newBeneficiary\":true}");
        }
        IntFunction<byte[]> scoresRequest = n -> scores[n & (POOL - 1)];
        IntFunction<byte[]> riskRequest = n -> risk[n & (POOL - 1)];
        System.out.printf(
                "  requests over %d distinct subscribers; latency from each request's scheduled"
                        + " time%n",
                POOL);
        // Every answer computed afresh: features merged, every model scored.
        Process serving = startServing(dir, clients, keys, port, 0);
        try {
            // The floor of this machine and this load: an endpoint that does nothing.
            byte[] live = LoadGenerator.get("/health/live", token);
            LoadGenerator.run("127.0.0.1", port, rate, warmup, connections, n -> live);
            report(
                    "baseline /health/live",
                    LoadGenerator.run("127.0.0.1", port, rate, seconds, connections, n -> live));
            LoadGenerator.run("127.0.0.1", port, rate, warmup, connections, riskRequest);
            report(
                    "transfer risk",
                    LoadGenerator.run("127.0.0.1", port, rate, seconds, connections, riskRequest));
            LoadGenerator.run("127.0.0.1", port, coldRate, warmup, connections, scoresRequest);
            report(
                    String.format("scores, uncached @%.0f/s", coldRate),
                    LoadGenerator.run(
                            "127.0.0.1", port, coldRate, seconds, connections, scoresRequest));
        } finally {
            stop(serving);
        }
        // The answer cache on: a subscriber asked again, unchanged, is answered from it.
        serving = startServing(dir, clients, keys, port, 200_000);
        try {
            LoadGenerator.run("127.0.0.1", port, rate, warmup, connections, scoresRequest);
            report(
                    "scores, cached",
                    LoadGenerator.run(
                            "127.0.0.1", port, rate, seconds, connections, scoresRequest));
        } finally {
            stop(serving);
            Directories.deleteRecursively(dir);
        }
    }

    private static void stop(Process serving) throws InterruptedException {
        serving.destroy();
        serving.waitFor(20, TimeUnit.SECONDS);
    }

    private static void report(String what, LoadGenerator.Result r) {
        System.out.printf(
                "  %-22s %8.0f req/s  p50 %.3f ms  p99 %.3f ms  p99.9 %.3f ms  max %.3f ms  errors %d"
                        + " of %d%n",
                what,
                r.throughput(),
                r.percentileMillis(50),
                r.percentileMillis(99),
                r.percentileMillis(99.9),
                r.percentileMillis(100),
                r.errors(),
                r.requests());
    }

    private static Process startServing(Path dir, Path clients, Path keys, int port, int cache)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx2g");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.convergent.serving.ServingMain");
        command.addAll(
                List.of(
                        "--convergent.serving.directory", dir.toString(),
                        "--convergent.serving.clients-file", clients.toString(),
                        "--convergent.pseudonym.key-file", keys.toString(),
                        "--convergent.serving.port", Integer.toString(port),
                        "--convergent.serving.answer-cache-entries", Integer.toString(cache)));
        Process process =
                new ProcessBuilder(command)
                        .redirectError(dir.resolve("serving.log").toFile())
                        .start();
        BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("READY")) {
            throw new IOException(
                    "serving did not start: " + Files.readString(dir.resolve("serving.log")));
        }
        return process;
    }
}
