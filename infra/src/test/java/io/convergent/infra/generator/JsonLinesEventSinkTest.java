package io.convergent.infra.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesEventSinkTest {

    @Test
    void writesOneFilePerTopicOneRecordALine(@TempDir Path directory) throws Exception {
        try (JsonLinesEventSink sink = new JsonLinesEventSink(directory.resolve("out"))) {
            sink.send("telco.calls", bytes("k1"), bytes("{\"a\":1}"));
            sink.send("telco.sms", bytes("k2"), bytes("{\"b\":2}"));
            sink.send("telco.calls", bytes("k3"), bytes("{\"a\":3}"));
        }

        assertThat(Files.readAllLines(directory.resolve("out/telco.calls.jsonl")))
                .containsExactly("{\"a\":1}", "{\"a\":3}");
        assertThat(Files.readAllLines(directory.resolve("out/telco.sms.jsonl")))
                .containsExactly("{\"b\":2}");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
