package io.convergent.serving.bench;

import io.convergent.common.cli.InlineValues;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * {@code bin/convergent bench serving}: serving in a JVM of its own on a synthetic batch view of
 * {@code --subscribers} subscribers and {@code --models} models, loaded from this process at a
 * fixed rate: first a scores lookup (every model) per request, then a transfer risk per request, on
 * random subscribers. Prints p50/p99/p99.9/max latency and the throughput reached.
 *
 * <pre>bench serving [--subscribers 100000] [--models 24] [--rate 20000] [--seconds 30]
 *               [--connections 16] [--warmup 15] [--uncached-rate 5000] [--load jvm|wrk]
 *               [--endpoints baseline,risk,uncached,cached] [--serving-threads 2]</pre>
 *
 * {@code --load jvm} (the default) is {@link LoadGenerator}, open loop at a fixed rate, in this
 * JVM; {@code --load wrk} is {@link WrkLoad}, Debian's wrk in a process of its own (closed loop, a
 * 1 ms pause per connection between requests; the connections that reach the rate on the baseline
 * endpoint are kept, scaled to each endpoint's rate, for the others).
 */
public final class ServingBenchmark {

    private static final int POOL = 1 << 16;

    private ServingBenchmark() {}

    private static final Set<String> OPTIONS =
            Set.of(
                    "subscribers",
                    "models",
                    "rate",
                    "seconds",
                    "connections",
                    "warmup",
                    "uncached-rate",
                    "load",
                    "serving-threads",
                    "endpoints");

    static String usage() {
        return "Usage: convergent bench serving [--subscribers N] [--models N] [--rate REQ_PER_S]"
                + " [--seconds N] [--connections N] [--warmup SECONDS]"
                + " [--uncached-rate REQ_PER_S] [--load jvm|wrk] [--serving-threads N]"
                + " [--endpoints "
                + String.join(",", ENDPOINTS)
                + "]";
    }

    /** The options of {@code args}: usage on --help (exit 0), a bad one refused (exit 2). */
    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println(usage());
                System.exit(0);
            }
        }
        args = InlineValues.split(args);
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !OPTIONS.contains(name)) {
                refuse("unknown option '" + args[i] + "'");
            } else if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                refuse(args[i] + " needs a value");
            } else if (o.put(name, args[i + 1]) != null) {
                refuse(args[i] + " is given more than once");
            }
        }
        return o;
    }

    /** Option {@code name} as a whole number of at least 1, or {@code fallback}. */
    private static int integer(Map<String, String> o, String name, int fallback) {
        double value = number(o, name, fallback);
        if (value != Math.rint(value) || value < 1) {
            refuse(
                    "--"
                            + name
                            + " must be a whole number of at least 1, got '"
                            + o.get(name)
                            + "'");
        }
        return (int) value;
    }

    /** Option {@code name} as a positive number, or {@code fallback}. */
    private static double number(Map<String, String> o, String name, double fallback) {
        String value = o.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            double number = Double.parseDouble(value);
            if (number > 0 && number <= Integer.MAX_VALUE) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        refuse("--" + name + " must be a positive number, got '" + value + "'");
        return fallback;
    }

    private static void refuse(String problem) {
        System.err.println("bench serving: " + problem);
        System.err.println(usage());
        System.exit(2);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        int subscribers = integer(o, "subscribers", 100_000);
        int models = integer(o, "models", 24);
        double rate = number(o, "rate", 20_000);
        int seconds = integer(o, "seconds", 30);
        int connections = integer(o, "connections", 16);
        int warmup = integer(o, "warmup", 15);
        double coldRate = number(o, "uncached-rate", 5_000);
        String load = o.getOrDefault("load", "jvm");
        int servingThreads = integer(o, "serving-threads", 2);
        Set<String> endpoints =
                new LinkedHashSet<>(
                        List.of(
                                o.getOrDefault("endpoints", String.join(",", ENDPOINTS))
                                        .split(",")));
        if (endpoints.isEmpty() || !ENDPOINTS.containsAll(endpoints)) {
            refuse(
                    "--endpoints is a comma-separated subset of "
                            + ENDPOINTS
                            + ", got "
                            + endpoints);
        }
        if (!load.equals("jvm") && !load.equals("wrk")) {
            refuse("--load is jvm or wrk, got " + load);
        }
        if (load.equals("wrk") && !WrkLoad.available()) {
            throw new IllegalStateException(
                    "--load wrk needs wrk on the path (Debian: apt-get install wrk)");
        }

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
        List<WrkLoad.Request> scoresPool = new ArrayList<>();
        List<WrkLoad.Request> riskPool = new ArrayList<>();
        for (int i = 0; i < POOL; i++) {
            String id = SyntheticView.subscriber(random.nextInt(subscribers));
            String path = "/v1/subscribers/" + id + "/scores";
            String body =
                    "{\"subscriber\":\""
                            + id
                            + "\",\"amountMinor\":150000,\"newBeneficiary\":true}";
            scores[i] = LoadGenerator.get(path, token);
            risk[i] = LoadGenerator.post("/v1/transfers/risk", token, body);
            scoresPool.add(new WrkLoad.Request("GET", path, null));
            riskPool.add(new WrkLoad.Request("POST", "/v1/transfers/risk", body));
        }
        IntFunction<byte[]> scoresRequest = n -> scores[n & (POOL - 1)];
        IntFunction<byte[]> riskRequest = n -> risk[n & (POOL - 1)];
        System.out.printf(
                "  requests over %d distinct subscribers; load %s%n",
                POOL,
                load.equals("jvm")
                        ? "from this JVM, open loop, latency from each request's scheduled time"
                        : "from wrk, closed loop with a 1 ms pause, latency from each write");
        Endpoint live =
                new Endpoint("baseline /health/live", "health", n -> liveRequest(token), wrkLive());
        Endpoint transferRisk =
                new Endpoint("transfer risk", "transfer_risk", riskRequest, riskPool);
        Endpoint scoresLookup = new Endpoint("scores", "scores", scoresRequest, scoresPool);
        Measure measure =
                load.equals("jvm")
                        ? (e, r, s) -> {
                            LoadGenerator.run("127.0.0.1", port, r, warmup, connections, e.jvm());
                            report(
                                    e.name(),
                                    LoadGenerator.run(
                                            "127.0.0.1", port, r, s, connections, e.jvm()));
                        }
                        : new Measure() {
                            // Connections for the rate asked, found once on the baseline and
                            // kept for every endpoint (scaled to its rate): the same load shape
                            // for all, and the rates reached are printed beside the latencies.
                            int baselineConnections;

                            @Override
                            public void run(Endpoint e, double r, int s) throws Exception {
                                if (baselineConnections == 0) {
                                    baselineConnections =
                                            calibrate(dir, port, token, e, rate, warmup);
                                } else {
                                    WrkLoad.run(
                                            dir,
                                            port,
                                            token,
                                            e.wrk(),
                                            warmup,
                                            scaled(baselineConnections, r / rate),
                                            WRK_DELAY_MILLIS);
                                }
                                int c = scaled(baselineConnections, r / rate);
                                HandlerTimes.Counts before = HandlerTimes.read(port, e.metric());
                                report(
                                        e.name() + " (" + c + " conn.)",
                                        WrkLoad.run(
                                                dir, port, token, e.wrk(), s, c, WRK_DELAY_MILLIS));
                                HandlerTimes.Counts run =
                                        HandlerTimes.read(port, e.metric()).since(before);
                                System.out.printf(
                                        "  %-30s handler within 1 ms: %d of %d answers%n",
                                        "", run.withinOneMilli(), run.all());
                            }
                        };
        try {
            if (endpoints.contains("baseline")
                    || endpoints.contains("risk")
                    || endpoints.contains("uncached")) {
                // Every answer computed afresh: features merged, every model scored.
                Process serving = startServing(dir, clients, keys, port, 0, servingThreads);
                try {
                    if (endpoints.contains("baseline")) {
                        // The floor of this machine and this load: an endpoint that does nothing.
                        measure.run(live, rate, seconds);
                    }
                    if (endpoints.contains("risk")) {
                        measure.run(transferRisk, rate, seconds);
                    }
                    if (endpoints.contains("uncached")) {
                        measure.run(
                                scoresLookup.named(
                                        String.format("scores, uncached @%.0f/s", coldRate)),
                                coldRate,
                                seconds);
                    }
                } finally {
                    stop(serving);
                }
            }
            if (endpoints.contains("cached")) {
                // The answer cache on: a subscriber asked again, unchanged, is answered from it.
                Process serving = startServing(dir, clients, keys, port, 200_000, servingThreads);
                try {
                    measure.run(scoresLookup.named("scores, cached"), rate, seconds);
                } finally {
                    stop(serving);
                }
            }
        } finally {
            Directories.deleteRecursively(dir);
        }
    }

    /** What {@code --endpoints} may name, in the order they run. */
    private static final List<String> ENDPOINTS = List.of("baseline", "risk", "uncached", "cached");

    private static final int WRK_DELAY_MILLIS = 1;

    /**
     * wrk's pause lasts longer than asked (its timers tick in whole milliseconds): the connections
     * that reach {@code rate} are found by scaling with the rate asked over the rate reached, after
     * the warm-up and then after short runs on the warm server until within 5 %.
     */
    private static int calibrate(
            Path dir, int port, String token, Endpoint e, double rate, int warmup)
            throws IOException, InterruptedException {
        int c = wrkConnections(rate);
        WrkLoad.Result reached =
                WrkLoad.run(dir, port, token, e.wrk(), warmup, c, WRK_DELAY_MILLIS);
        for (int step = 0; step < 4; step++) {
            c = calibrated(c, rate, reached.requestsPerSecond());
            reached = WrkLoad.run(dir, port, token, e.wrk(), 5, c, WRK_DELAY_MILLIS);
            if (Math.abs(reached.requestsPerSecond() / rate - 1) < 0.05) {
                break;
            }
        }
        return c;
    }

    private static int scaled(int connections, double factor) {
        return Math.max(1, (int) Math.round(connections * factor));
    }

    /**
     * {@code connections} scaled so that a run that reached {@code reached} reaches {@code rate}.
     */
    static int calibrated(int connections, double rate, double reached) {
        if (!(reached > 0)) {
            return connections;
        }
        return Math.max(1, (int) Math.round(connections * rate / reached));
    }

    /** Connections enough for about {@code rate} with a 1 ms pause and ~0.1 ms answers. */
    static int wrkConnections(double rate) {
        return (int) Math.ceil(rate * (WRK_DELAY_MILLIS + 0.1) / 1000);
    }

    private static byte[] liveRequest(String token) {
        return LoadGenerator.get("/health/live", token);
    }

    private static List<WrkLoad.Request> wrkLive() {
        return List.of(new WrkLoad.Request("GET", "/health/live", null));
    }

    /** One endpoint's requests, for either load. */
    private record Endpoint(
            String name, String metric, IntFunction<byte[]> jvm, List<WrkLoad.Request> wrk) {
        Endpoint named(String other) {
            return new Endpoint(other, metric, jvm, wrk);
        }
    }

    @FunctionalInterface
    private interface Measure {
        void run(Endpoint endpoint, double rate, int seconds) throws Exception;
    }

    private static void report(String what, WrkLoad.Result r) {
        System.out.printf(
                "  %-30s %8.0f req/s  p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  max %.3f ms  errors"
                        + " %d of %d%n",
                what,
                r.requestsPerSecond(),
                r.p50Millis(),
                r.p90Millis(),
                r.p99Millis(),
                r.maxMillis(),
                r.errors(),
                r.requests());
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

    private static Process startServing(
            Path dir, Path clients, Path keys, int port, int cache, int threads)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx2g");
        // Extra options for the serving JVM only (GC logs, a profiler), space-separated.
        String extra = System.getProperty("convergent.bench.serving-jvm-options", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.convergent.serving.ServingMain");
        command.addAll(
                List.of(
                        "--convergent.serving.directory", dir.toString(),
                        "--convergent.serving.clients-file", clients.toString(),
                        "--convergent.pseudonym.key-file", keys.toString(),
                        "--convergent.serving.port", Integer.toString(port),
                        "--convergent.serving.threads", Integer.toString(threads),
                        "--convergent.serving.answer-cache-entries", Integer.toString(cache),
                        // No broker here: transfer risk is measured on the lookup path, from
                        // the store (no live state), not refused for the missing live view.
                        "--convergent.serving.live-view-required", "false"));
        Process process =
                new ProcessBuilder(command)
                        .redirectError(dir.resolve("serving.log").toFile())
                        .start();
        BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        // A JVM option may print first (a flight recording starting): wait for the READY line.
        String line = out.readLine();
        while (line != null && !line.startsWith("READY")) {
            line = out.readLine();
        }
        if (line == null) {
            throw new IOException(
                    "serving did not start: " + Files.readString(dir.resolve("serving.log")));
        }
        return process;
    }
}
