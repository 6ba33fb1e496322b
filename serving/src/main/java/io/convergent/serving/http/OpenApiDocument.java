package io.convergent.serving.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The OpenAPI 3 document of the API, served at {@code /openapi.json}. */
public final class OpenApiDocument {

    private static final String RESOURCE = "/io/convergent/serving/openapi.json";

    private OpenApiDocument() {}

    public static byte[] bytes() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
