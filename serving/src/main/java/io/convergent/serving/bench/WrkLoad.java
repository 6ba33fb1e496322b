package io.convergent.serving.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load from another process: <a href="https://github.com/wg/wrk">wrk</a> (Debian's {@code wrk};
 * C, one epoll thread), as the serving issue asks for, so the load costs the shared cores far less
 * than a JVM would. wrk is closed-loop: each connection sends its next request {@code delayMillis}
 * after the previous answer, so {@code connections} and the delay set the rate (about {@code
 * connections × 1000 / (delay + latency)} a second); the throughput reached is reported beside the
 * latencies, which wrk counts from each request's write to its answer (without wrk2's correction
 * for coordinated omission: a stall slows the load instead of showing in the tail).
 */
final class WrkLoad {

    /** What wrk reported for one run. */
    record Result(
            double requestsPerSecond,
            double p50Millis,
            double p90Millis,
            double p99Millis,
            double maxMillis,
            long requests,
            long errors) {}

    private static final Pattern PERCENTILE =
            Pattern.compile("^\\s*(50|75|90|99)%\\s+([0-9.]+)(us|ms|s)\\s*$");
    private static final Pattern LATENCY_STATS =
            Pattern.compile(
                    "^\\s*Latency\\s+([0-9.]+)(us|ms|s)\\s+([0-9.]+)(us|ms|s)\\s+([0-9.]+)(us|ms|s).*$");
    private static final Pattern TOTAL =
            Pattern.compile("^\\s*([0-9]+) requests in ([0-9.]+)(us|ms|s|m),.*$");
    private static final Pattern RATE = Pattern.compile("^Requests/sec:\\s+([0-9.]+)\\s*$");
    private static final Pattern NON_2XX =
            Pattern.compile("^\\s*Non-2xx or 3xx responses:\\s+([0-9]+)\\s*$");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile(
                    "^\\s*Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+),"
                            + " timeout ([0-9]+)\\s*$");

    private WrkLoad() {}

    /** Whether {@code wrk} is on the path. */
    static boolean available() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs wrk for {@code seconds} against {@code port}, cycling through {@code requests} (each a
     * method, a path and, for a POST, a JSON body).
     */
    static Result run(
            Path workDir,
            int port,
            String token,
            List<Request> requests,
            int seconds,
            int connections,
            int delayMillis)
            throws IOException, InterruptedException {
        Path list = Files.createTempFile(workDir, "wrk-requests", ".txt");
        List<String> lines = new ArrayList<>();
        for (Request r : requests) {
            lines.add(r.method() + "\t" + r.path() + "\t" + (r.body() == null ? "" : r.body()));
        }
        Files.write(list, lines, StandardCharsets.UTF_8);
        Path script = Files.createTempFile(workDir, "wrk", ".lua");
        Files.writeString(script, script(list, token, delayMillis), StandardCharsets.UTF_8);
        Process wrk =
                new ProcessBuilder(
                                "wrk",
                                "-t1",
                                "-c" + connections,
                                "-d" + seconds + "s",
                                "--latency",
                                "-s",
                                script.toString(),
                                "http://127.0.0.1:" + port)
                        .redirectErrorStream(true)
                        .start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!wrk.waitFor(seconds + 60L, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
            throw new IOException("wrk failed: " + output);
        }
        return parse(output);
    }

    /** One request of the pool. */
    record Request(String method, String path, String body) {}

    /** Reads wrk's {@code --latency} report. */
    static Result parse(String output) {
        double p50 = Double.NaN;
        double p90 = Double.NaN;
        double p99 = Double.NaN;
        double max = Double.NaN;
        double rate = Double.NaN;
        long requests = 0;
        long errors = 0;
        for (String line : output.split("\n")) {
            Matcher m;
            if ((m = PERCENTILE.matcher(line)).matches()) {
                double millis = millis(m.group(2), m.group(3));
                switch (m.group(1)) {
                    case "50" -> p50 = millis;
                    case "90" -> p90 = millis;
                    case "99" -> p99 = millis;
                    default -> {}
                }
            } else if ((m = LATENCY_STATS.matcher(line)).matches()) {
                max = millis(m.group(5), m.group(6));
            } else if ((m = TOTAL.matcher(line)).matches()) {
                requests = Long.parseLong(m.group(1));
            } else if ((m = RATE.matcher(line)).matches()) {
                rate = Double.parseDouble(m.group(1));
            } else if ((m = NON_2XX.matcher(line)).matches()) {
                errors += Long.parseLong(m.group(1));
            } else if ((m = SOCKET_ERRORS.matcher(line)).matches()) {
                for (int g = 1; g <= 4; g++) {
                    errors += Long.parseLong(m.group(g));
                }
            }
        }
        if (Double.isNaN(p99) || Double.isNaN(rate)) {
            throw new IllegalArgumentException("not a wrk --latency report: " + output);
        }
        return new Result(rate, p50, p90, p99, max, requests, errors);
    }

    private static double millis(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit) {
            case "us" -> v / 1000;
            case "ms" -> v;
            case "s" -> v * 1000;
            default -> throw new IllegalArgumentException("unit " + unit);
        };
    }

    private static String script(Path list, String token, int delayMillis) {
        return String.format(
                Locale.ROOT,
                """
                local requests = {}
                for line in io.lines("%s") do
                  local method, path, body = line:match("^([^\\t]*)\\t([^\\t]*)\\t(.*)$")
                  local headers = { ["Authorization"] = "Bearer %s" }
                  if body == "" then
                    body = nil
                  else
                    headers["Content-Type"] = "application/json"
                  end
                  requests[#requests + 1] = wrk.format(method, path, headers, body)
                end
                local n = 0
                request = function()
                  n = n + 1
                  return requests[(n %% #requests) + 1]
                end
                %s
                """,
                list.toString().replace("\\", "\\\\"),
                token,
                delayMillis > 0 ? "delay = function() return " + delayMillis + " end" : "");
    }
}
