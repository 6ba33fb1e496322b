package io.convergent.serving.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serving's own view of a run: from its {@code /metrics} latency histogram (the API handler's time,
 * from a decoded request to its answer, without Netty's decoding and writing or the network), how
 * many of an endpoint's answers took at most 1 ms. Beside wrk's latencies it tells the handler's
 * share of a tail from the rest of the path.
 */
final class HandlerTimes {

    /** An endpoint's cumulative counts at one moment. */
    record Counts(long withinOneMilli, long all) {
        /** The counts between {@code before} and this. */
        Counts since(Counts before) {
            return new Counts(withinOneMilli - before.withinOneMilli, all - before.all);
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private HandlerTimes() {}

    /** Reads {@code endpoint}'s counts now from serving's {@code /metrics} on {@code port}. */
    static Counts read(int port, String endpoint) throws IOException, InterruptedException {
        String metrics =
                HTTP.send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + "/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        return parse(metrics, endpoint);
    }

    static Counts parse(String metrics, String endpoint) {
        Pattern bucket =
                Pattern.compile(
                        "^serving_request_seconds_bucket\\{endpoint=\""
                                + Pattern.quote(endpoint)
                                + "\",le=\"([^\"]+)\"} ([0-9]+)$",
                        Pattern.MULTILINE);
        long within = 0;
        long all = 0;
        Matcher m = bucket.matcher(metrics);
        while (m.find()) {
            long count = Long.parseLong(m.group(2));
            if (m.group(1).equals("0.001")) {
                within = count;
            } else if (m.group(1).equals("+Inf")) {
                all = count;
            }
        }
        return new Counts(within, all);
    }
}
