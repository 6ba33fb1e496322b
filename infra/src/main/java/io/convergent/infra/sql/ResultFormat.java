package io.convergent.infra.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.flink.types.Row;

/** How {@code convergent sql} prints a result: an aligned table, CSV or JSON Lines. */
public enum ResultFormat {
    /**
     * Columns padded to their widest value among the first {@value #ALIGNED_ROWS} rows, a header
     * and a row count; {@code NULL} for null. Rows after those are printed as they come, in the
     * same widths (a longer value pushes its line out): a result of any size is printed without
     * being held.
     */
    TABLE {
        @Override
        void write(List<String> columns, Iterator<Row> rows, PrintStream out) {
            List<String[]> first = new ArrayList<>();
            int[] widths = columns.stream().mapToInt(String::length).toArray();
            while (first.size() < ALIGNED_ROWS && rows.hasNext()) {
                String[] line = cells(rows.next(), columns.size());
                for (int i = 0; i < line.length; i++) {
                    widths[i] = Math.max(widths[i], line[i].length());
                }
                first.add(line);
            }
            out.println(line(columns.toArray(String[]::new), widths));
            StringBuilder rule = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
            }
            out.println(rule);
            for (String[] line : first) {
                out.println(line(line, widths));
            }
            long count = first.size();
            first.clear();
            while (rows.hasNext()) {
                out.println(line(cells(rows.next(), columns.size()), widths));
                count++;
            }
            out.println("(" + count + (count == 1 ? " row)" : " rows)"));
        }

        private String[] cells(Row row, int columns) {
            String[] line = new String[columns];
            for (int i = 0; i < line.length; i++) {
                Object value = row.getField(i);
                line[i] = value == null ? "NULL" : text(value);
            }
            return line;
        }

        private String line(String[] values, int[] widths) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < values.length; i++) {
                text.append(i == 0 ? "" : " | ").append(values[i]);
                if (i < values.length - 1) {
                    text.append(" ".repeat(Math.max(0, widths[i] - values[i].length())));
                }
            }
            return text.toString();
        }
    },
    /** RFC 4180: a header line, fields quoted when they hold a comma, quote or line break. */
    CSV {
        @Override
        void write(List<String> columns, Iterator<Row> rows, PrintStream out) {
            out.println(String.join(",", columns.stream().map(ResultFormat::csvField).toList()));
            while (rows.hasNext()) {
                Row row = rows.next();
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < columns.size(); i++) {
                    Object value = row.getField(i);
                    line.append(i == 0 ? "" : ",")
                            .append(value == null ? "" : csvField(text(value)));
                }
                out.println(line);
            }
        }
    },
    /** One JSON object per row and line; numbers and booleans stay JSON numbers and booleans. */
    JSON {
        @Override
        void write(List<String> columns, Iterator<Row> rows, PrintStream out) {
            while (rows.hasNext()) {
                Row row = rows.next();
                ObjectNode node = MAPPER.createObjectNode();
                for (int i = 0; i < columns.size(); i++) {
                    Object value = row.getField(i);
                    String name = columns.get(i);
                    if (value == null) {
                        node.putNull(name);
                    } else if (value instanceof Long
                            || value instanceof Integer
                            || value instanceof Short
                            || value instanceof Byte) {
                        node.put(name, ((Number) value).longValue());
                    } else if (value instanceof Double || value instanceof Float) {
                        node.put(name, ((Number) value).doubleValue());
                    } else if (value instanceof java.math.BigDecimal decimal) {
                        node.put(name, decimal);
                    } else if (value instanceof Boolean flag) {
                        node.put(name, flag);
                    } else {
                        node.put(name, text(value));
                    }
                }
                try {
                    out.println(MAPPER.writeValueAsString(node));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    };

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Rows the table format aligns its columns over before printing them. */
    static final int ALIGNED_ROWS = 1000;

    abstract void write(List<String> columns, Iterator<Row> rows, PrintStream out);

    /** The format named {@code name} (any case), or an exception naming the choices. */
    static ResultFormat named(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--format must be table, csv or json, got '" + name + "'");
        }
    }

    /**
     * A value as text: byte arrays in hex, arrays (SQL ARRAY) as {@code [a, b]} with their elements
     * as text, everything else by its own {@code toString}.
     */
    static String text(Object value) {
        if (value instanceof byte[] bytes) {
            StringBuilder hex = new StringBuilder("x'");
            for (byte b : bytes) {
                hex.append(String.format("%02x", b));
            }
            return hex.append('\'').toString();
        }
        if (value instanceof Object[] array) {
            StringBuilder list = new StringBuilder("[");
            for (int i = 0; i < array.length; i++) {
                list.append(i == 0 ? "" : ", ").append(text(array[i]));
            }
            return list.append(']').toString();
        }
        return String.valueOf(value);
    }

    private static String csvField(String value) {
        if (value.indexOf(',') < 0
                && value.indexOf('"') < 0
                && value.indexOf('\n') < 0
                && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
