package io.convergent.infra.sql;

import io.convergent.batch.sql.LakeSql;
import io.convergent.common.cli.InlineValues;
import io.convergent.infra.batch.SharedLocalCluster;
import io.convergent.infra.lake.LakeCatalogs;
import io.convergent.infra.launcher.DataDirectory;
import io.convergent.infra.launcher.UpOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * {@code convergent sql [OPTIONS] ["QUERY"]}: Flink SQL in batch mode over the lake of a data
 * directory. With a query it runs that one (or several, separated by semicolons); without, it reads
 * statements from standard input, a shell when that is a terminal. Exit codes: 0 done, 1 a
 * statement failed while running, 2 bad arguments or a statement refused (a write to the platform's
 * tables): a refused input, as every command refuses a bad argument.
 */
public final class SqlCommand {

    private static final int DONE = 0;
    private static final int FAILED = 1;
    private static final int REFUSED = 2;

    static final String USAGE =
            String.join(
                    "\n",
                    "Usage: convergent sql [--data-dir DIR] [--format table|csv|json]"
                            + " [--allow-platform-writes] [\"QUERY\"]",
                    "",
                    "  QUERY            one or more statements separated by ';'; without it,"
                            + " statements are read",
                    "                   from standard input (an interactive shell on a terminal;"
                            + " 'quit' leaves)",
                    "  --data-dir DIR   the data directory of `up` (default var)",
                    "  --format F       table (aligned, the default), csv, or json (one object"
                            + " per line)",
                    "  --allow-platform-writes  let statements change the platform's own tables"
                            + " (namespace convergent);",
                    "                   without it, write to a namespace of your own (analyst.x)",
                    "",
                    "Tables are lake.convergent.<table> and the current database, so `SELECT *"
                            + " FROM raw_calls` works;",
                    "docs/tables.md describes every one. Times are UTC. Time travel, over the"
                            + " snapshots still kept",
                    "(the raw tables keep 6 h of them, convergent.ingest.snapshot-max-age; a"
                            + " published batch view's are tagged):",
                    "  SELECT * FROM raw_calls /*+ OPTIONS('snapshot-id'='<id>') */",
                    "  SELECT * FROM raw_calls /*+ OPTIONS('as-of-timestamp'='<epoch ms>') */",
                    "  SELECT snapshot_id, committed_at FROM `raw_calls$snapshots`",
                    "",
                    "Exit codes: 0 every statement ran; 1 a statement failed while running;"
                            + " 2 bad arguments or a",
                    "statement refused (a write to the platform's tables). A QUERY stops at the"
                            + " first that fails",
                    "or is refused; on standard input the next statement still runs, and the"
                            + " exit code is 2 if",
                    "any was refused, else 1 if any failed.");

    private SqlCommand() {}

    /** The parallelism of a query's job. */
    private static final int SQL_PARALLELISM = 2;

    public static void main(String[] args) {
        int code;
        // Every statement's job on one local cluster, started by the first, instead of a cluster
        // started and stopped per statement (a second each, in a script or the shell).
        try (SharedLocalCluster cluster = SharedLocalCluster.install(SQL_PARALLELISM)) {
            code = run(args, System.in, System.out, System.err, System.console() != null);
        }
        if (code != 0) {
            System.exit(code);
        }
    }

    public static int run(
            String[] args, InputStream in, PrintStream out, PrintStream err, boolean interactive) {
        args = InlineValues.split(args, "--allow-platform-writes");
        Path dataDir = Path.of(UpOptions.DEFAULT_DATA_DIR);
        ResultFormat format = ResultFormat.TABLE;
        String query = null;
        boolean allowPlatformWrites = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--allow-platform-writes")) {
                allowPlatformWrites = true;
            } else if (arg.equals("--data-dir") || arg.equals("--format")) {
                if (i + 1 >= args.length) {
                    return usage(err, arg + " needs a value");
                }
                String value = args[++i];
                if (arg.equals("--data-dir")) {
                    dataDir = Path.of(value);
                } else {
                    try {
                        format = ResultFormat.named(value);
                    } catch (IllegalArgumentException e) {
                        return usage(err, e.getMessage());
                    }
                }
            } else if (arg.equals("--help") || arg.equals("-h")) {
                out.println(USAGE);
                return 0;
            } else if (arg.startsWith("--")) {
                return usage(err, "unknown option '" + arg + "'");
            } else if (query != null) {
                return usage(err, "one query argument only (quote it); got a second: " + arg);
            } else {
                query = arg;
            }
        }
        Optional<String> noLake = LakeCatalogs.missingLake(dataDir);
        if (noLake.isPresent()) {
            return usage(err, noLake.get());
        }
        SharedLocalCluster.workIn(new DataDirectory(dataDir).work().resolve("batch"));
        Configuration configuration = new Configuration();
        configuration.setString("parallelism.default", String.valueOf(SQL_PARALLELISM));
        TableEnvironment env =
                LakeSql.batchEnvironment(LakeCatalogs.properties(dataDir), configuration);
        Session session =
                new Session(
                        env,
                        format,
                        allowPlatformWrites
                                ? null
                                : new PlatformWriteGuard(env::getCurrentDatabase),
                        out,
                        err);
        if (query != null) {
            SqlStatements statements = new SqlStatements();
            // On a line of its own: after a trailing "-- comment" the ';' would be commented out.
            List<String> complete = statements.feed(query + "\n;");
            Optional<String> unclosed = statements.unclosed();
            if (unclosed.isPresent()) {
                err.println("sql: the query ends inside " + unclosed.get() + "; nothing was run");
                return FAILED;
            }
            return session.runAll(complete);
        }
        return session.shell(in, interactive);
    }

    /** Runs statements on one table environment and prints their results. */
    static final class Session {
        private final TableEnvironment env;
        private final ResultFormat format;
        private final PlatformWriteGuard guard;
        private final PrintStream out;
        private final PrintStream err;

        /**
         * @param guard {@code null} when writes to the platform's tables are allowed
         */
        Session(
                TableEnvironment env,
                ResultFormat format,
                PlatformWriteGuard guard,
                PrintStream out,
                PrintStream err) {
            this.env = env;
            this.format = format;
            this.guard = guard;
            this.out = out;
            this.err = err;
        }

        /** Runs each statement in turn; stops at the first that fails or is refused. */
        int runAll(List<String> statements) {
            for (String statement : statements) {
                int code = runOne(statement);
                if (code != DONE) {
                    return code;
                }
            }
            return DONE;
        }

        int shell(InputStream in, boolean interactive) {
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            SqlStatements statements = new SqlStatements();
            // A refusal outranks a failure: the script must be changed before it can all run.
            int worst = DONE;
            try {
                while (true) {
                    if (interactive) {
                        err.print(statements.rest().isEmpty() ? "lake> " : "   -> ");
                        err.flush();
                    }
                    String line = reader.readLine();
                    if (line == null) {
                        break;
                    }
                    if (statements.rest().isEmpty() && isQuit(line)) {
                        break;
                    }
                    for (String statement : statements.feed(line + "\n")) {
                        // In a shell a failed or refused statement is reported and the next one
                        // still runs.
                        worst = Math.max(worst, runOne(statement));
                    }
                }
            } catch (IOException e) {
                err.println("sql: cannot read input: " + e.getMessage());
                return FAILED;
            }
            if (!statements.rest().isEmpty()) {
                worst = Math.max(worst, runOne(statements.rest()));
            }
            return worst;
        }

        /** Runs one statement: {@link #DONE}, {@link #FAILED} or {@link #REFUSED}. */
        private int runOne(String statement) {
            Optional<String> refusal = guard == null ? Optional.empty() : guard.refusal(statement);
            if (refusal.isPresent()) {
                err.println("sql: " + refusal.get());
                return REFUSED;
            }
            try {
                TableResult result = env.executeSql(statement);
                if (SqlStatements.isWrite(statement)) {
                    // A write's result is only its job: wait for the commit, then say so. Its rows
                    // are no answer (an affected-row count of -1, from a cluster that may be gone).
                    result.await();
                    out.println("OK");
                    out.flush();
                    return DONE;
                }
                List<String> columns = result.getResolvedSchema().getColumnNames();
                try (CloseableIterator<Row> rows = result.collect()) {
                    format.write(columns, rows, out);
                }
                out.flush();
                return DONE;
            } catch (Exception e) {
                err.println("sql: " + firstLine(e) + parserContext(e, statement));
                return FAILED;
            }
        }

        /**
         * For a statement the parser could not read at all, which statement it was: Flink's message
         * for a misspelt first keyword ("Non-query expression encountered in illegal context")
         * names no position.
         */
        private static String parserContext(Throwable e, String statement) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof org.apache.flink.table.api.SqlParserException) {
                    String firstLine = statement.strip().lines().findFirst().orElse("");
                    return " (in the statement beginning '"
                            + (firstLine.length() > 60
                                    ? firstLine.substring(0, 60) + "..."
                                    : firstLine)
                            + "')";
                }
                if (cause.getCause() == cause) {
                    break;
                }
            }
            return "";
        }

        private static boolean isQuit(String line) {
            String word = line.trim().toLowerCase(java.util.Locale.ROOT);
            return word.equals("quit")
                    || word.equals("exit")
                    || word.equals("quit;")
                    || word.equals("exit;");
        }

        /** The innermost message that says what was wrong, without Flink's stack of wrappers. */
        private static String firstLine(Throwable e) {
            Throwable cause = e;
            String message = String.valueOf(e.getMessage());
            while (cause != null) {
                if (cause.getMessage() != null
                        && !cause.getMessage().isBlank()
                        && (cause instanceof org.apache.flink.table.api.ValidationException
                                || cause instanceof org.apache.flink.table.api.SqlParserException
                                || cause.getCause() == null)) {
                    message = cause.getMessage();
                }
                cause = cause.getCause() == cause ? null : cause.getCause();
            }
            int newline = message.indexOf('\n');
            return newline < 0 ? message : message.substring(0, newline);
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("sql: " + problem);
        err.println();
        err.println(USAGE);
        return REFUSED;
    }
}
