package io.convergent.serving.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * The serving metrics in Prometheus' text format: request latency per endpoint (a histogram),
 * requests per endpoint and status, and gauges the rest of serving registers (batch view version
 * and age, speed view lag). Recording is lock-free.
 */
public final class Metrics {

    /** Seconds: fine below a millisecond, where the targets are. */
    static final double[] BUCKETS = {
        0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.1, 0.5, 2
    };

    private record Gauge(String name, String help, DoubleSupplier value) {}

    private static final class Histogram {
        final LongAdder[] counts = new LongAdder[BUCKETS.length + 1];
        final LongAdder sumNanos = new LongAdder();

        Histogram() {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void observe(long nanos) {
            double seconds = nanos / 1e9;
            int i = 0;
            while (i < BUCKETS.length && seconds > BUCKETS[i]) {
                i++;
            }
            counts[i].increment();
            sumNanos.add(nanos);
        }
    }

    private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final List<Gauge> gauges = new ArrayList<>();

    public void observe(String endpoint, int status, long nanos) {
        latency.computeIfAbsent(endpoint, e -> new Histogram()).observe(nanos);
        requests.computeIfAbsent(endpoint + "\u0000" + status, k -> new LongAdder()).increment();
    }

    public synchronized void gauge(String name, String help, DoubleSupplier value) {
        gauges.add(new Gauge(name, help, value));
    }

    public String render() {
        StringBuilder out = new StringBuilder(4096);
        out.append("# HELP serving_request_seconds Time from a request's arrival to its answer.\n");
        out.append("# TYPE serving_request_seconds histogram\n");
        for (Map.Entry<String, Histogram> e : new TreeMap<>(latency).entrySet()) {
            String endpoint = e.getKey();
            Histogram h = e.getValue();
            long cumulative = 0;
            for (int i = 0; i < h.counts.length; i++) {
                cumulative += h.counts[i].sum();
                String le =
                        i < BUCKETS.length
                                ? java.math.BigDecimal.valueOf(BUCKETS[i]).toPlainString()
                                : "+Inf";
                out.append("serving_request_seconds_bucket{endpoint=\"")
                        .append(endpoint)
                        .append("\",le=\"")
                        .append(le)
                        .append("\"} ")
                        .append(cumulative)
                        .append('\n');
            }
            out.append("serving_request_seconds_sum{endpoint=\"")
                    .append(endpoint)
                    .append("\"} ")
                    .append(format(h.sumNanos.sum() / 1e9))
                    .append('\n');
            out.append("serving_request_seconds_count{endpoint=\"")
                    .append(endpoint)
                    .append("\"} ")
                    .append(cumulative)
                    .append('\n');
        }
        out.append("# HELP serving_requests_total Requests answered, by endpoint and status.\n");
        out.append("# TYPE serving_requests_total counter\n");
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(requests).entrySet()) {
            String[] parts = e.getKey().split("\u0000");
            out.append("serving_requests_total{endpoint=\"")
                    .append(parts[0])
                    .append("\",status=\"")
                    .append(parts[1])
                    .append("\"} ")
                    .append(e.getValue().sum())
                    .append('\n');
        }
        List<Gauge> snapshot;
        synchronized (this) {
            snapshot = List.copyOf(gauges);
        }
        for (Gauge g : snapshot) {
            out.append("# HELP ").append(g.name()).append(' ').append(g.help()).append('\n');
            out.append("# TYPE ").append(g.name()).append(" gauge\n");
            out.append(g.name()).append(' ').append(format(g.value().getAsDouble())).append('\n');
        }
        return out.toString();
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
