package io.convergent.infra.generator;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes each topic's values to {@code <dir>/<topic>.jsonl}, one record a line, for analysts who
 * want the raw stream without a broker. Keys are dropped (they repeat a field of the value).
 * Malformed records are written as they are: a line may then not be JSON, or not UTF-8.
 */
public final class JsonLinesEventSink implements EventSink {

    private final Path directory;
    private final Map<String, OutputStream> files = new HashMap<>();

    public JsonLinesEventSink(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output directory " + directory, e);
        }
    }

    @Override
    public void send(String topic, byte[] key, byte[] value) {
        try {
            OutputStream out = files.get(topic);
            if (out == null) {
                out =
                        new BufferedOutputStream(
                                Files.newOutputStream(directory.resolve(topic + ".jsonl")),
                                1 << 16);
                files.put(topic, out);
            }
            out.write(value);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + topic + ".jsonl in " + directory, e);
        }
    }

    @Override
    public void flush() {
        try {
            for (OutputStream out : files.values()) {
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flush files in " + directory, e);
        }
    }

    @Override
    public void close() {
        IOException first = null;
        for (OutputStream out : files.values()) {
            try {
                out.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        files.clear();
        if (first != null) {
            throw new UncheckedIOException("cannot close files in " + directory, first);
        }
    }
}
