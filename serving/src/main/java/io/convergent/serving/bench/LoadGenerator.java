package io.convergent.serving.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * An open-loop HTTP/1.1 load: a fixed request rate spread over keep-alive connections, one thread
 * each, every request sent at its scheduled time whatever the previous one did. A request's latency
 * counts from its scheduled time, not from when it left, so a stalled server shows in the tail
 * instead of slowing the load (coordinated omission, as wrk2 corrects it).
 */
final class LoadGenerator {

    /** The figures of a run. */
    record Result(long requests, long errors, double seconds, long[] sortedNanos) {

        double throughput() {
            return requests / seconds;
        }

        double percentileMillis(double p) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            int i =
                    (int)
                            Math.min(
                                    sortedNanos.length - 1,
                                    Math.ceil(p / 100 * sortedNanos.length) - 1);
            return sortedNanos[Math.max(0, i)] / 1e6;
        }
    }

    private LoadGenerator() {}

    /**
     * Sends {@code rate} requests a second for {@code seconds} over {@code connections}; {@code
     * request} makes the raw bytes of request number n.
     */
    static Result run(
            String host,
            int port,
            double rate,
            int seconds,
            int connections,
            IntFunction<byte[]> request)
            throws InterruptedException {
        long intervalNanos = (long) (connections * 1e9 / rate);
        int perConnection = (int) (rate * seconds / connections);
        long[][] latencies = new long[connections][perConnection];
        long[] errors = new long[connections];
        int[] done = new int[connections];
        Thread[] threads = new Thread[connections];
        long start = System.nanoTime() + 200_000_000L;
        for (int c = 0; c < connections; c++) {
            int conn = c;
            threads[c] =
                    new Thread(
                            () -> {
                                try (Socket socket = new Socket()) {
                                    socket.setTcpNoDelay(true);
                                    socket.connect(new InetSocketAddress(host, port), 5000);
                                    OutputStream out = socket.getOutputStream();
                                    InputStream in =
                                            new BufferedInputStream(socket.getInputStream(), 65536);
                                    // Connections start staggered across one interval.
                                    long first = start + conn * intervalNanos / connections;
                                    for (int n = 0; n < perConnection; n++) {
                                        long scheduled = first + n * intervalNanos;
                                        long wait = scheduled - System.nanoTime();
                                        if (wait > 0) {
                                            LockSupport.parkNanos(wait);
                                        }
                                        out.write(request.apply(n * connections + conn));
                                        out.flush();
                                        int status = readResponse(in);
                                        latencies[conn][n] = System.nanoTime() - scheduled;
                                        if (status != 200) {
                                            errors[conn]++;
                                        }
                                        done[conn]++;
                                    }
                                } catch (IOException e) {
                                    errors[conn] += perConnection - done[conn];
                                }
                            },
                            "load-" + c);
            threads[c].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long total = 0;
        long failed = 0;
        for (int c = 0; c < connections; c++) {
            total += done[c];
            failed += errors[c];
        }
        long[] all = new long[(int) total];
        int k = 0;
        for (int c = 0; c < connections; c++) {
            System.arraycopy(latencies[c], 0, all, k, done[c]);
            k += done[c];
        }
        Arrays.sort(all);
        return new Result(total, failed, elapsed, all);
    }

    /** Reads one response (headers and a Content-Length body); returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int status = -1;
        int contentLength = 0;
        boolean firstLine = true;
        while (true) {
            line.setLength(0);
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            if (line.length() == 0) {
                break;
            }
            if (firstLine) {
                status = Integer.parseInt(line.substring(9, 12));
                firstLine = false;
            } else if (line.toString().regionMatches(true, 0, "content-length:", 0, 15)) {
                contentLength = Integer.parseInt(line.substring(15).trim());
            }
        }
        long skipped = 0;
        while (skipped < contentLength) {
            long s = in.skip(contentLength - skipped);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed in a body");
                }
                s = 1;
            }
            skipped += s;
        }
        return status;
    }

    static byte[] get(String path, String token) {
        return ("GET "
                        + path
                        + " HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer "
                        + token
                        + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] post(String path, String token, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return ("POST "
                        + path
                        + " HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer "
                        + token
                        + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + bytes.length
                        + "\r\n\r\n"
                        + body)
                .getBytes(StandardCharsets.UTF_8);
    }
}
