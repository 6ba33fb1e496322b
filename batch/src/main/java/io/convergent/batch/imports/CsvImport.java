package io.convergent.batch.imports;

import io.convergent.common.event.PayloadScrubber;
import io.convergent.common.identity.IdentifierKind;
import io.convergent.common.identity.Identifiers;
import io.convergent.common.identity.InvalidIdentifierException;
import io.convergent.common.identity.Pseudonymiser;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.types.Types;

/**
 * Loads a CSV file (a header row, then one record per row) into a new Iceberg table whose schema is
 * inferred from the data: each column becomes a long, double, boolean (true/false, yes/no) or
 * string, the narrowest its values fit; empty cells and NA/null are nulls. Column names become
 * lower snake case. A column of identifiers is pseudonymised with the platform's key, never stored
 * raw, so a label file keyed by MSISDN joins {@code features_daily.subscriber}: a column whose
 * every value is a phone number, IMEI, card number or IMSI, and a column named {@code msisdn},
 * {@code imsi}, {@code customer_id} and the like ({@link #IDENTIFIER_NAMES}) whatever it holds. In
 * text columns, runs of five or more digits are masked with {@code #} (as in {@code
 * rejected_events}): free text can hold a phone or card number too. A column of numbers of which
 * any could be an identifier (phone numbers mixed with a short code) is such a text column, never a
 * number column that would store them raw.
 *
 * <p>Two passes over the file: the first infers and validates everything, so a bad file is refused
 * before any table exists; the second writes one Parquet file and commits it.
 */
public final class CsvImport {

    /**
     * One column: its header as written, its name in the table, how it was typed, and for an
     * identifier column the kind of identifier its values are pseudonymised as.
     */
    public record Column(String header, String name, ColumnKind kind, IdentifierKind identifier) {
        public boolean pseudonymised() {
            return kind == ColumnKind.IDENTIFIER;
        }

        public String type() {
            return pseudonymised()
                    ? "string (pseudonymised " + identifier.tag() + ")"
                    : kind.icebergType().toString();
        }
    }

    /** Column names that always hold identifiers, whatever their values look like. */
    public static final Map<String, IdentifierKind> IDENTIFIER_NAMES =
            Map.ofEntries(
                    Map.entry("msisdn", IdentifierKind.MSISDN),
                    Map.entry("phone", IdentifierKind.MSISDN),
                    Map.entry("phone_number", IdentifierKind.MSISDN),
                    Map.entry("imsi", IdentifierKind.IMSI),
                    Map.entry("imei", IdentifierKind.IMEI),
                    Map.entry("card", IdentifierKind.CARD_NUMBER),
                    Map.entry("card_number", IdentifierKind.CARD_NUMBER),
                    Map.entry("pan", IdentifierKind.CARD_NUMBER),
                    Map.entry("account", IdentifierKind.ACCOUNT_NUMBER),
                    Map.entry("account_number", IdentifierKind.ACCOUNT_NUMBER),
                    Map.entry("customer", IdentifierKind.CUSTOMER_ID),
                    Map.entry("customer_id", IdentifierKind.CUSTOMER_ID),
                    Map.entry("device_id", IdentifierKind.DEVICE_ID));

    /** The identifiers recognised by their values, most specific first. */
    private static final List<IdentifierKind> RECOGNISED = Identifiers.RECOGNISABLE;

    private static final Identifiers IDENTIFIERS = Identifiers.russian();

    /** A run of digits as long as the shortest phone number written without a prefix. */
    private static final java.util.regex.Pattern LONG_DIGIT_RUN =
            java.util.regex.Pattern.compile("[0-9]{10,}");

    /** What an import made. */
    public record Summary(TableIdentifier table, long rows, List<Column> columns) {}

    private CsvImport() {}

    public static Summary run(
            Catalog catalog, TableIdentifier id, Path csv, Pseudonymiser pseudonymiser)
            throws IOException {
        Objects.requireNonNull(pseudonymiser, "pseudonymiser");
        if (catalog.tableExists(id)) {
            throw new IllegalArgumentException(
                    "table " + id + " already exists: import into a new name, or drop it first");
        }
        List<Column> columns = inferColumns(csv);
        Schema schema = schemaOf(columns);
        if (catalog instanceof SupportsNamespaces namespaces
                && !namespaces.namespaceExists(id.namespace())) {
            namespaces.createNamespace(id.namespace());
        }
        Table table = catalog.createTable(id, schema, PartitionSpec.unpartitioned());
        try {
            long rows = write(table, schema, columns, csv, pseudonymiser);
            return new Summary(id, rows, columns);
        } catch (IOException | RuntimeException e) {
            catalog.dropTable(id, true);
            throw e;
        }
    }

    /** The columns of {@code csv}, named and typed from its header and every value. */
    static List<Column> inferColumns(Path csv) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            CsvRecords records = new CsvRecords(reader);
            List<String> header = records.next();
            if (header == null) {
                throw new IllegalArgumentException(csv + " is empty: it needs a header row");
            }
            List<String> names = names(header);
            List<Set<ColumnKind>> candidates = new ArrayList<>();
            List<Set<IdentifierKind>> identifiers = new ArrayList<>();
            for (int i = 0; i < header.size(); i++) {
                candidates.add(
                        EnumSet.complementOf(EnumSet.of(ColumnKind.STRING, ColumnKind.IDENTIFIER)));
                identifiers.add(EnumSet.copyOf(RECOGNISED));
            }
            boolean[] seen = new boolean[header.size()];
            // Whether any value could be an identifier: such a column is never stored as a number.
            boolean[] identifierLike = new boolean[header.size()];
            for (List<String> record = records.next(); record != null; record = records.next()) {
                requireWidth(record, header.size(), records.recordLine());
                for (int i = 0; i < record.size(); i++) {
                    String cell = record.get(i);
                    if (ColumnKind.isMissing(cell)) {
                        continue;
                    }
                    seen[i] = true;
                    candidates.get(i).removeIf(kind -> !kind.accepts(cell));
                    identifiers.get(i).removeIf(kind -> !isIdentifier(kind, cell));
                    if (!identifierLike[i] && couldBeAnIdentifier(cell)) {
                        identifierLike[i] = true;
                    }
                }
            }
            List<Column> columns = new ArrayList<>();
            for (int i = 0; i < header.size(); i++) {
                IdentifierKind identifier = IDENTIFIER_NAMES.get(names.get(i));
                if (identifier == null && seen[i] && !identifiers.get(i).isEmpty()) {
                    identifier =
                            RECOGNISED.stream()
                                    .filter(identifiers.get(i)::contains)
                                    .findFirst()
                                    .orElseThrow();
                }
                ColumnKind kind =
                        identifier != null
                                ? ColumnKind.IDENTIFIER
                                : !seen[i] || candidates.get(i).isEmpty()
                                        ? ColumnKind.STRING
                                        : candidates.get(i).iterator().next();
                if ((kind == ColumnKind.LONG || kind == ColumnKind.DOUBLE) && identifierLike[i]) {
                    // Phone numbers mixed with a short code are all numbers, yet not all valid
                    // identifiers: stored as numbers they would be raw. As text, their digits are
                    // masked.
                    kind = ColumnKind.STRING;
                }
                columns.add(new Column(header.get(i), names.get(i), kind, identifier));
            }
            return columns;
        }
    }

    private static long write(
            Table table, Schema schema, List<Column> columns, Path csv, Pseudonymiser pseudonymiser)
            throws IOException {
        OutputFile file =
                table.io()
                        .newOutputFile(
                                table.locationProvider()
                                        .newDataLocation(
                                                "import-" + UUID.randomUUID() + ".parquet"));
        FileAppender<Record> appender =
                new GenericAppenderFactory(schema).newAppender(file, FileFormat.PARQUET);
        long rows = 0;
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            CsvRecords records = new CsvRecords(reader);
            records.next(); // the header
            for (List<String> record = records.next(); record != null; record = records.next()) {
                GenericRecord row = GenericRecord.create(schema);
                for (int i = 0; i < columns.size(); i++) {
                    String cell = record.get(i);
                    if (ColumnKind.isMissing(cell)) {
                        continue;
                    }
                    Column column = columns.get(i);
                    row.set(
                            i,
                            column.pseudonymised()
                                    ? pseudonym(pseudonymiser, column, cell, records.recordLine())
                                    : column.kind() == ColumnKind.STRING
                                            ? PayloadScrubber.redactDigits(cell)
                                            : column.kind().value(cell));
                }
                appender.add(row);
                rows++;
            }
        } finally {
            appender.close();
        }
        DataFile dataFile =
                DataFiles.builder(PartitionSpec.unpartitioned())
                        .withInputFile(file.toInputFile())
                        .withFormat(FileFormat.PARQUET)
                        .withMetrics(appender.metrics())
                        .build();
        table.newAppend().appendFile(dataFile).commit();
        return rows;
    }

    /**
     * Whether {@code cell} is a valid identifier of {@code kind}. Card numbers need 16 digits or
     * more: one short number in ten passes the Luhn check by chance, and a 15-digit one is as
     * likely an IMEI (either way it is pseudonymised).
     */
    private static boolean isIdentifier(IdentifierKind kind, String cell) {
        return IDENTIFIERS.isRecognisably(kind, cell);
    }

    /** A plain decimal: up to 20 digits, a fraction and a two-digit exponent. */
    private static final Pattern DECIMAL =
            Pattern.compile("\\+?[0-9]{1,20}(\\.[0-9]{0,20})?([eE]\\+?[0-9]{1,2})?");

    private static boolean couldBeAnIdentifier(String cell) {
        return IDENTIFIERS.couldBeAnIdentifier(cell) || wholeNumberCouldBeAnIdentifier(cell);
    }

    /**
     * Whether {@code cell} is a whole number written as a decimal, as spreadsheets and pandas write
     * a column of numbers with blanks ({@code 79123456789.0}, {@code 7.9123456789E10}), whose
     * digits could be an identifier: stored as a double, the number would be kept exactly.
     */
    static boolean wholeNumberCouldBeAnIdentifier(String cell) {
        String value = cell.trim();
        // Only a plain decimal of at most 20 digits and a two-digit exponent is worked out: any
        // other text is no such number, and 1e100000000 would take minutes to expand.
        if (!DECIMAL.matcher(value).matches()) {
            return false;
        }
        try {
            BigDecimal number = new BigDecimal(value);
            if (number.signum() <= 0) {
                return false;
            }
            return IDENTIFIERS.couldBeAnIdentifier(number.toBigIntegerExact().toString());
        } catch (NumberFormatException | ArithmeticException notWhole) {
            return false;
        }
    }

    private static String pseudonym(
            Pseudonymiser pseudonymiser, Column column, String cell, int line) {
        try {
            return pseudonymiser.pseudonymise(column.identifier(), cell.trim());
        } catch (InvalidIdentifierException e) {
            // The value is not echoed: it may be the very identifier that must not leak.
            throw new IllegalArgumentException(
                    "line "
                            + line
                            + ", column "
                            + column.name()
                            + ": not a valid "
                            + column.identifier().tag()
                            + ", and a column of that name is always pseudonymised");
        }
    }

    private static Schema schemaOf(List<Column> columns) {
        List<Types.NestedField> fields = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            fields.add(
                    Types.NestedField.optional(
                            i + 1,
                            column.name(),
                            column.kind().icebergType(),
                            column.pseudonymised()
                                    ? "Imported from CSV column '"
                                            + column.header()
                                            + "', pseudonymised ("
                                            + column.identifier().tag()
                                            + ")."
                                    : "Imported from CSV column '" + column.header() + "'."));
        }
        return new Schema(fields);
    }

    /** Lower snake case names, refused when empty or when two headers make the same name. */
    static List<String> names(List<String> header) {
        List<String> names = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            if (IDENTIFIERS.couldBeAnIdentifier(header.get(i))
                    || LONG_DIGIT_RUN.matcher(header.get(i)).find()) {
                // Data where names belong: the file has no header row. The cell is not echoed,
                // nor made a column name: it may be the identifier that must not be stored. (A
                // date in a name, score_20261127, is fine.)
                throw new IllegalArgumentException(
                        "column "
                                + (i + 1)
                                + " of the first row holds what could be a phone, card or"
                                + " account number, not a name: the file needs a header row"
                                + " naming its columns");
            }
            String name =
                    header.get(i)
                            .trim()
                            .toLowerCase(Locale.ROOT)
                            .replaceAll("[^a-z0-9]+", "_")
                            .replaceAll("^_+|_+$", "");
            if (name.isEmpty()) {
                throw new IllegalArgumentException(
                        "column " + (i + 1) + " has no usable name in the header row");
            }
            if (Character.isDigit(name.charAt(0))) {
                name = "c_" + name;
            }
            if (!taken.add(name)) {
                // Masked: a file without a header row has data, maybe numbers, in its place.
                throw new IllegalArgumentException(
                        "column "
                                + (i + 1)
                                + " ('"
                                + PayloadScrubber.redactDigits(header.get(i))
                                + "') has the same name as an earlier one: "
                                + PayloadScrubber.redactDigits(name));
            }
            names.add(name);
        }
        return names;
    }

    private static void requireWidth(List<String> record, int width, int line) {
        if (record.size() != width) {
            throw new IllegalArgumentException(
                    "line "
                            + line
                            + " has "
                            + record.size()
                            + " fields where the header has "
                            + width);
        }
    }
}
