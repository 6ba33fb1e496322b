package io.convergent.infra.table;

import io.convergent.batch.imports.CsvImport;
import io.convergent.common.cli.InlineValues;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.table.Tables;
import io.convergent.infra.cli.Help;
import io.convergent.infra.lake.LakeCatalog;
import io.convergent.infra.lake.LakeCatalogs;
import io.convergent.infra.launcher.DataDirectory;
import io.convergent.infra.launcher.UpOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * {@code convergent table import --csv FILE --table NAMESPACE.NAME [--data-dir DIR]}: a CSV into a
 * new table of the lake with an inferred schema ({@link CsvImport}); phone-number columns are
 * pseudonymised with the data directory's key. Exit codes: 0 done, 1 failed, 2 bad arguments or a
 * file that cannot be imported.
 */
public final class TableCommand {

    static final String USAGE =
            String.join(
                    "\n",
                    "Usage: convergent table import --csv FILE --table NAMESPACE.NAME"
                            + " [--data-dir DIR]",
                    "",
                    "  --csv FILE       a header row, then one record per row (RFC 4180)",
                    "  --table NS.NAME  the new table, e.g. analyst.churn_labels (it must not"
                            + " exist)",
                    "  --data-dir DIR   the data directory of `up` (default var)",
                    "",
                    "Each column becomes a long, double, boolean (true/false, yes/no) or string,"
                            + " the narrowest its",
                    "values fit; empty cells and NA/null are nulls; a column of phone numbers is"
                            + " pseudonymised.");

    private TableCommand() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        args = InlineValues.split(args);
        if (Help.asked(args)) {
            out.println(USAGE);
            return 0;
        }
        if (args.length == 0 || !args[0].equals("import")) {
            return usage(
                    err,
                    args.length == 0
                            ? "what to do? (import)"
                            : "unknown table command '" + args[0] + "'");
        }
        Path csv = null;
        String table = null;
        Path dataDir = Path.of(UpOptions.DEFAULT_DATA_DIR);
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            if (!option.equals("--csv")
                    && !option.equals("--table")
                    && !option.equals("--data-dir")) {
                return usage(err, "unknown option '" + option + "'");
            }
            if (i + 1 >= args.length) {
                return usage(err, option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--csv" -> csv = Path.of(value);
                case "--table" -> table = value;
                default -> dataDir = Path.of(value);
            }
        }
        if (csv == null || table == null) {
            return usage(err, (csv == null ? "--csv" : "--table") + " is required");
        }
        if (!Files.isRegularFile(csv)) {
            return usage(err, "--csv " + csv + " is not a file");
        }
        if (!table.matches("[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*")) {
            return usage(
                    err,
                    "--table must be NAMESPACE.NAME in lower case letters, digits and _, got '"
                            + table
                            + "'");
        }
        if (table.startsWith(Tables.NAMESPACE + ".")) {
            return usage(
                    err,
                    "--table "
                            + table
                            + " is in the platform's namespace '"
                            + Tables.NAMESPACE
                            + "', which only its jobs write (sql refuses to drop it again);"
                            + " import into a namespace of your own, e.g. analyst."
                            + table.substring(Tables.NAMESPACE.length() + 1));
        }
        Optional<String> noLake = LakeCatalogs.missingLake(dataDir);
        if (noLake.isPresent()) {
            return usage(err, noLake.get());
        }
        String[] parts = table.split("\\.");
        TableIdentifier id = TableIdentifier.of(Namespace.of(parts[0]), parts[1]);
        try (LakeCatalog lake = LakeCatalogs.open(dataDir)) {
            Pseudonymiser pseudonymiser =
                    Pseudonymiser.load(System.getenv(), new DataDirectory(dataDir).pseudonymKeys());
            CsvImport.Summary summary = CsvImport.run(lake.catalog(), id, csv, pseudonymiser);
            out.printf(
                    "Imported %,d rows into %s.%s:%n",
                    summary.rows(), LakeCatalogs.CATALOG_NAME, id);
            for (CsvImport.Column column : summary.columns()) {
                out.printf("  %-24s %s%n", column.name(), column.type());
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("table import: " + e.getMessage());
            return 2;
        } catch (java.nio.charset.CharacterCodingException e) {
            // A spreadsheet's "CSV" export is often in the system's code page (cp1251 here).
            err.println(
                    "table import: "
                            + csv
                            + " is not UTF-8 text; save it as \"CSV UTF-8\" or convert it (iconv"
                            + " -f cp1251 -t utf-8)");
            return 2;
        } catch (Exception e) {
            err.println("table import: failed: " + e.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("table: " + problem);
        err.println();
        err.println(USAGE);
        return 2;
    }
}
