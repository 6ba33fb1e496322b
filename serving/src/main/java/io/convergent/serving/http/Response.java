package io.convergent.serving.http;

import java.nio.charset.StandardCharsets;

/**
 * An answer: status, content type and body.
 *
 * @param allow the methods the path takes, for the {@code Allow} header of a 405; else {@code null}
 * @param lasting a 503 that no retry will change (serving started without Kafka): sent without
 *     {@code Retry-After}
 */
public record Response(int status, String contentType, byte[] body, String allow, boolean lasting) {

    public Response(int status, String contentType, byte[] body, String allow) {
        this(status, contentType, body, allow, false);
    }

    public Response(int status, String contentType, byte[] body) {
        this(status, contentType, body, null);
    }

    public static Response json(int status, byte[] body) {
        return new Response(status, "application/json", body);
    }

    public static Response text(String body) {
        return new Response(
                200,
                "text/plain; version=0.0.4; charset=utf-8",
                body.getBytes(StandardCharsets.UTF_8));
    }
}
