package io.convergent.infra.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/** The last lines a child process wrote to its log, to explain in an error why it stopped. */
public final class LogTail {

    // Reading more than this from the end of a log is never useful in an error message.
    private static final long MAX_BYTES = 64 * 1024;

    private LogTail() {}

    /**
     * The last {@code maxLines} lines of {@code log} written at or after byte offset {@code from},
     * or a note saying the log is missing; never throws.
     */
    public static String of(Path log, long from, int maxLines) {
        Objects.requireNonNull(log, "log");
        if (maxLines < 1) {
            throw new IllegalArgumentException("maxLines must be positive, got " + maxLines);
        }
        if (!Files.isRegularFile(log)) {
            return "(no log at " + log + ")";
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(Math.max(0, from), file.length() - MAX_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            Deque<String> lines = new ArrayDeque<>();
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                lines.addLast(line);
                if (lines.size() > maxLines) {
                    lines.removeFirst();
                }
            }
            return String.join(System.lineSeparator(), lines);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** The size of {@code log} now, or 0 when it does not exist yet. */
    public static long sizeOf(Path log) {
        try {
            return Files.isRegularFile(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
