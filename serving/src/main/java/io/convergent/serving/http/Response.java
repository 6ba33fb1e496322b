package io.convergent.serving.http;

import java.nio.charset.StandardCharsets;

/** An answer: status, content type and body. */
public record Response(int status, String contentType, byte[] body) {

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
