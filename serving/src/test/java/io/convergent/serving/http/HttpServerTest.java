package io.convergent.serving.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.serving.testing.ServingFixture;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over real HTTP: keep-alive, the correlator echoed, an oversize body refused typed. */
class HttpServerTest {

    @TempDir Path dir;

    @Test
    void answersOverHttpAndRefusesAnOversizeBodyWithAnErrorBody() throws Exception {
        try (ServingFixture fixture = new ServingFixture(dir);
                HttpServer server = new HttpServer("127.0.0.1", 0, 1, 1024, fixture.api())) {
            if (System.getProperty("os.name").equals("Linux")
                    && System.getProperty("os.arch").equals("amd64")) {
                // The native transport ships for this platform: a NIO fallback here is a
                // packaging fault (the classifier jar missing), not a choice.
                assertThat(server.transport()).isEqualTo("epoll");
            }
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> scores =
                    client.send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    base
                                                            + "/v1/subscribers/"
                                                            + fixture.alice
                                                            + "/scores"))
                                    .header("Authorization", "Bearer " + ServingFixture.BANK_TOKEN)
                                    .header("x-correlator", "abc-123")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(scores.statusCode()).isEqualTo(200);
            assertThat(scores.headers().firstValue("x-correlator")).contains("abc-123");
            assertThat(scores.headers().firstValue("content-type")).contains("application/json");
            assertThat(scores.body()).contains("calls_model");
            HttpResponse<String> wrongMethod =
                    client.send(
                            HttpRequest.newBuilder(URI.create(base + "/v1/callers/reputation"))
                                    .header("Authorization", "Bearer " + ServingFixture.BANK_TOKEN)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(wrongMethod.headers().firstValue("allow")).contains("POST");

            for (String number : new String[] {"%2B79121234567", "+79121234567"}) {
                HttpResponse<String> reputation =
                        client.send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        base
                                                                + "/v1/callers/"
                                                                + number
                                                                + "/reputation"))
                                        .header(
                                                "Authorization",
                                                "Bearer " + ServingFixture.BANK_TOKEN)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(reputation.statusCode()).as(reputation.body()).isEqualTo(200);
                assertThat(reputation.body()).contains("\"caller\":\"" + fixture.spammer + "\"");
            }

            HttpResponse<String> oversize =
                    client.send(
                            HttpRequest.newBuilder(URI.create(base + "/v1/transfers/risk"))
                                    .header("Authorization", "Bearer " + ServingFixture.BANK_TOKEN)
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    "{\"x\":\"" + "a".repeat(4000) + "\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(oversize.statusCode()).isEqualTo(413);
            assertThat(oversize.body()).contains("\"code\":\"PAYLOAD_TOO_LARGE\"");

            // A client that asks first (Expect: 100-continue) gets the same answer. (Over a raw
            // socket: Java 17's HttpClient waits for ever on anything but a 100, JDK-8286171.)
            String asked =
                    exchange(
                            server.port(),
                            "POST /v1/transfers/risk HTTP/1.1\r\nHost: x\r\nx-correlator: big-1\r\n"
                                    + "Expect: 100-continue\r\nContent-Length: 4000\r\n\r\n");
            assertThat(asked)
                    .startsWith("HTTP/1.1 413")
                    .contains("\"code\":\"PAYLOAD_TOO_LARGE\"")
                    .containsIgnoringCase("x-correlator: big-1");

            HttpResponse<String> metrics =
                    client.send(
                            HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body())
                    .contains("serving_requests_total{endpoint=\"oversize\",status=\"413\"} 2");
        }
    }

    @Test
    void aRequestNettyCannotDecodeIsRefusedTypedAndItsConnectionClosed() throws Exception {
        try (ServingFixture fixture = new ServingFixture(dir);
                HttpServer server = new HttpServer("127.0.0.1", 0, 1, 1024, fixture.api())) {
            String tooLongHeaders =
                    "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Pad: "
                            + "a".repeat(9_000)
                            + "\r\n\r\n"
                            // A second request on the same connection: it must not wait for ever.
                            + "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n";
            String answer = exchange(server.port(), tooLongHeaders);
            assertThat(answer)
                    .startsWith("HTTP/1.1 431")
                    .contains("\"code\":\"HEADERS_TOO_LARGE\"");
            assertThat(answer).containsOnlyOnce("HTTP/1.1");

            // HEAD: GET's status and headers, no body (Netty's codec leaves it out).
            String head =
                    exchange(
                            server.port(),
                            "HEAD /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 200").endsWith("\r\n\r\n");
            assertThat(head.toLowerCase(java.util.Locale.ROOT)).contains("content-length: ");

            // A target in absolute form, as a proxy may send it: the same resource.
            String absolute =
                    exchange(
                            server.port(),
                            "GET http://serving.example:8080/health/live?probe=1 HTTP/1.1\r\n"
                                    + "Host: serving.example:8080\r\nConnection: close\r\n\r\n");
            assertThat(absolute).startsWith("HTTP/1.1 200");
            assertThat(HttpServer.pathOf("HTTPS://h/v1/x%2B1?a=b")).isEqualTo("/v1/x%2B1");
            assertThat(HttpServer.pathOf("http://h")).isEqualTo("/");
            assertThat(HttpServer.pathOf("/v1/http://x")).isEqualTo("/v1/http://x");

            // A body sent as a form, as curl's -d alone sends it: refused, typed.
            String body = "{\"subscriber\":\"" + fixture.alice + "\",\"newBeneficiary\":false}";
            String form =
                    exchange(
                            server.port(),
                            "POST /v1/transfers/risk HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                    + "Authorization: Bearer "
                                    + ServingFixture.BANK_TOKEN
                                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                                    + "Content-Length: "
                                    + body.length()
                                    + "\r\n\r\n"
                                    + body);
            assertThat(form)
                    .startsWith("HTTP/1.1 415")
                    .contains("\"code\":\"UNSUPPORTED_MEDIA_TYPE\"");

            String expect =
                    exchange(
                            server.port(),
                            "POST /v1/transfers/risk HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                    + "Expect: something\r\nContent-Length: 2\r\n\r\n{}");
            assertThat(expect)
                    .startsWith("HTTP/1.1 417")
                    .contains("\"code\":\"EXPECTATION_FAILED\"");

            String badLength =
                    "POST /v1/transfers/risk HTTP/1.1\r\nHost: x\r\nContent-Length: twelve\r\n\r\n";
            assertThat(exchange(server.port(), badLength))
                    .startsWith("HTTP/1.1 400")
                    .contains("\"code\":\"INVALID_ARGUMENT\"");
        }
    }

    @Test
    void aRequestLeftUnfinishedIsAnswered408AndAnIdleConnectionClosed() throws Exception {
        try (ServingFixture fixture = new ServingFixture(dir);
                HttpServer server =
                        new HttpServer(
                                "127.0.0.1", 0, 1, 1024, fixture.api(), Duration.ofMillis(300))) {
            String shortBody =
                    "POST /v1/transfers/risk HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n"
                            + "{\"subscri";
            assertThat(exchange(server.port(), shortBody))
                    .startsWith("HTTP/1.1 408")
                    .contains("\"code\":\"REQUEST_TIMEOUT\"");

            // A keep-alive connection that asks nothing more is closed without a word.
            String answered =
                    exchange(server.port(), "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(answered).startsWith("HTTP/1.1 200").containsOnlyOnce("HTTP/1.1");
            assertThat(answered.toLowerCase(java.util.Locale.ROOT))
                    .contains("cache-control: no-store");
        }
    }

    private static final String REQUEST = "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n";

    @Test
    void aClientThatSendsRequestsWithoutReadingTheAnswersIsReadNoFurtherUntilItReads()
            throws Exception {
        try (ServingFixture fixture = new ServingFixture(dir);
                HttpServer server = new HttpServer("127.0.0.1", 0, 1, 1024, fixture.api());
                SocketChannel client = SocketChannel.open()) {
            client.setOption(StandardSocketOptions.SO_RCVBUF, 16 * 1024);
            client.setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024);
            client.connect(new InetSocketAddress("127.0.0.1", server.port()));
            client.configureBlocking(false);
            ByteBuffer requests =
                    ByteBuffer.wrap(REQUEST.repeat(1_000).getBytes(StandardCharsets.US_ASCII));
            // Unread, each answer stays in serving's memory unless it stops reading: 64 MB of
            // requests would be ~1.6 million answers.
            long limit = 64L << 20;
            long written = writeUntilStalled(client, requests, limit);
            assertThat(written).isLessThan(limit / 4);

            // Reading the answers lets it read on: every request written is answered.
            long requestsWritten = written / REQUEST.length();
            assertThat(answersRead(client, requestsWritten, Duration.ofSeconds(60)))
                    .isEqualTo(requestsWritten);
        }
    }

    /** Reads answers until {@code expected} have come, or {@code timeout}: how many came. */
    private static long answersRead(SocketChannel client, long expected, Duration timeout)
            throws Exception {
        byte[] status = "HTTP/1.1 200 ".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        long answers = 0;
        int matched = 0; // how much of status the bytes read so far end with
        long deadline = System.nanoTime() + timeout.toNanos();
        while (answers < expected && System.nanoTime() < deadline) {
            buffer.clear();
            int n = client.read(buffer);
            if (n <= 0) {
                Thread.sleep(5);
                continue;
            }
            for (int k = 0; k < n; k++) {
                byte b = buffer.get(k);
                matched = b == status[matched] ? matched + 1 : (b == status[0] ? 1 : 0);
                if (matched == status.length) {
                    answers++;
                    matched = 0;
                }
            }
        }
        return answers;
    }

    /** Writes {@code requests} over and over until {@code limit} bytes, or none go for 2 s. */
    private static long writeUntilStalled(SocketChannel client, ByteBuffer requests, long limit)
            throws Exception {
        long written = 0;
        long lastProgress = System.nanoTime();
        while (written < limit
                && System.nanoTime() - lastProgress < Duration.ofSeconds(2).toNanos()) {
            if (!requests.hasRemaining()) {
                requests.rewind();
            }
            int n = client.write(requests);
            if (n > 0) {
                written += n;
                lastProgress = System.nanoTime();
            } else {
                Thread.sleep(5);
            }
        }
        return written;
    }

    /** Writes {@code request} and reads until the server closes the connection (or 10 s pass). */
    private static String exchange(int port, String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // Throws SocketTimeoutException, failing the test, if the connection is left open.
            return new String(
                    socket.getInputStream().readAllBytes(),
                    java.nio.charset.StandardCharsets.US_ASCII);
        }
    }
}
