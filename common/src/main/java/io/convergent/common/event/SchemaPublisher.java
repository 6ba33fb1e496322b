package io.convergent.common.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the JSON Schema of every input topic to {@code docs/schemas/<topic>.schema.json}. The
 * schemas are generated from the same declarations the parser enforces; a test fails when the
 * published files are stale. Regenerate with {@code bin/convergent schemas} (or run this class with
 * the target directory as its argument).
 */
public final class SchemaPublisher {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SchemaPublisher() {}

    /** The file name of each topic's schema and its content. */
    public static Map<String, String> render() {
        Map<String, String> files = new LinkedHashMap<>();
        for (InputTopic<?> topic : InputTopics.all()) {
            try {
                files.put(
                        topic.name() + ".schema.json",
                        JSON.writeValueAsString(topic.schema().toJsonSchema(JSON)) + "\n");
            } catch (IOException e) {
                throw new IllegalStateException("cannot render the schema of " + topic.name(), e);
            }
        }
        return files;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: SchemaPublisher <target directory>");
            System.exit(2);
        }
        Path target = Path.of(args[0]);
        Files.createDirectories(target);
        for (Map.Entry<String, String> file : render().entrySet()) {
            Files.writeString(
                    target.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
            System.out.println("wrote " + target.resolve(file.getKey()));
        }
    }
}
