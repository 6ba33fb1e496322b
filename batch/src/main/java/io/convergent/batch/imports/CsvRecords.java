package io.convergent.batch.imports;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV one record at a time: comma-separated fields, fields in double quotes may hold
 * commas, line breaks and doubled quotes; CRLF or LF line ends. A malformed record (an unclosed
 * quote, text after a closing quote) is refused with its line number.
 */
final class CsvRecords {

    private final Reader reader;
    private int line = 1;
    private int recordLine;
    private int next = -2;

    CsvRecords(Reader reader) {
        this.reader = reader;
    }

    /** The line the record {@link #next} returned last starts on. */
    int recordLine() {
        return recordLine;
    }

    /** The next record's fields, or {@code null} at the end; a blank line is skipped. */
    List<String> next() throws IOException {
        int c = peek();
        while (c == '\r' || c == '\n') {
            consumeLineEnd();
            c = peek();
        }
        if (c == -1) {
            return null;
        }
        int startLine = line;
        recordLine = startLine;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            c = read();
            if (c == '"' && field.isEmpty()) {
                readQuoted(field, startLine);
                c = read();
                if (c != ',' && c != '\n' && c != '\r' && c != -1) {
                    throw new CsvFormatException(
                            "line " + startLine + ": text after a closing quote");
                }
            }
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r' || c == -1) {
                if (c == '\r' && peek() == '\n') {
                    read();
                }
                if (c != -1) {
                    line++;
                }
                fields.add(field.toString());
                return fields;
            } else {
                field.append((char) c);
            }
        }
    }

    private void readQuoted(StringBuilder field, int startLine) throws IOException {
        while (true) {
            int c = read();
            if (c == -1) {
                throw new CsvFormatException("line " + startLine + ": a quoted field never ends");
            }
            if (c == '"') {
                if (peek() == '"') {
                    read();
                    field.append('"');
                    continue;
                }
                return;
            }
            if (c == '\n') {
                line++;
            }
            field.append((char) c);
        }
    }

    private void consumeLineEnd() throws IOException {
        int c = read();
        if (c == '\r' && peek() == '\n') {
            read();
        }
        line++;
    }

    private int peek() throws IOException {
        if (next == -2) {
            next = reader.read();
        }
        return next;
    }

    private int read() throws IOException {
        int c = peek();
        next = -2;
        return c;
    }

    /** A CSV that cannot be read, with the line where it goes wrong. */
    static final class CsvFormatException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        CsvFormatException(String message) {
            super(message);
        }
    }
}
