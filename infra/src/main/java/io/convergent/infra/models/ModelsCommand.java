package io.convergent.infra.models;

import io.convergent.batch.models.ModelRegistry;
import io.convergent.batch.models.ModelTraining;
import io.convergent.batch.sql.LakeSql;
import io.convergent.common.cli.InlineValues;
import io.convergent.common.models.InvalidModelSpecException;
import io.convergent.common.models.ModelSpec;
import io.convergent.common.models.ModelSpecs;
import io.convergent.infra.batch.BatchCommand;
import io.convergent.infra.batch.SharedLocalCluster;
import io.convergent.infra.cli.Help;
import io.convergent.infra.lake.LakeCatalogs;
import io.convergent.infra.launcher.DataDirectory;
import io.convergent.infra.launcher.UpOptions;
import io.convergent.streaming.lake.LakeTables;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * {@code convergent models list} and {@code convergent models train}: the model registry of a data
 * directory's lake, and training from the specifications. Exit codes: 0 done, 1 failed (or a model
 * could not be trained), 2 bad arguments or a bad specification.
 */
public final class ModelsCommand {

    static final String USAGE =
            String.join(
                    "\n",
                    "Usage: convergent models list [--data-dir DIR]",
                    "       convergent models train [--spec FILE | --models DIR]"
                            + " [--cutoff YYYY-MM-DD] [--data-dir DIR]",
                    "",
                    "  list            every registered version with its holdout AUC, PR AUC and"
                            + " lift at 10 %",
                    "  train           trains a version of each model at the cutoff and registers"
                            + " it",
                    "  --spec FILE     one specification (YAML) instead of the directory",
                    "  --models DIR    the specifications (default: models/ of the installation)",
                    "  --cutoff D      the last day of history training may see (default: the"
                            + " latest day in features_daily)",
                    "  --data-dir DIR  the data directory of `up` (default var)",
                    "",
                    "Training the same specification at the same cutoff again replaces that"
                            + " version.",
                    "Exit codes: 0 every model trained, 1 one or more not (each named, with why:"
                            + " on a short",
                    "history, expected) or a failure, 2 bad arguments or a bad specification.",
                    "`batch run --day D` trains and also scores every subscriber.");

    private static final Set<String> TRAIN_OPTIONS =
            Set.of("--spec", "--models", "--cutoff", "--data-dir");

    private ModelsCommand() {}

    public static void main(String[] args) throws Exception {
        int code;
        // The command's jobs share one local cluster (the tests, calling run, bring their own).
        try (SharedLocalCluster cluster =
                SharedLocalCluster.install(Runtime.getRuntime().availableProcessors())) {
            code = run(args, System.out, System.err);
        }
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
        if (args.length == 0 || !(args[0].equals("list") || args[0].equals("train"))) {
            return usage(
                    err,
                    args.length == 0
                            ? "what to do? (list or train)"
                            : "unknown models command '" + args[0] + "'");
        }
        boolean train = args[0].equals("train");
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            boolean known = train ? TRAIN_OPTIONS.contains(option) : option.equals("--data-dir");
            if (!known) {
                return usage(err, "unknown option '" + option + "' for models " + args[0]);
            }
            if (i + 1 >= args.length
                    || (train
                            ? TRAIN_OPTIONS.contains(args[i + 1])
                            : args[i + 1].equals("--data-dir"))) {
                return usage(err, option + " needs a value");
            }
            if (values.containsKey(option)) {
                // The last one would win: a cutoff, or specs, that were not the ones meant.
                return usage(err, option + " is given twice");
            }
            values.put(option, args[++i]);
        }
        if (values.containsKey("--spec") && values.containsKey("--models")) {
            return usage(err, "--spec and --models are one or the other");
        }
        Path dataDir = Path.of(values.getOrDefault("--data-dir", UpOptions.DEFAULT_DATA_DIR));
        Optional<String> noLake = LakeCatalogs.missingLake(dataDir);
        if (noLake.isPresent()) {
            return usage(err, noLake.get());
        }
        SharedLocalCluster.workIn(new DataDirectory(dataDir).work().resolve("batch"));
        Map<String, String> lake = LakeCatalogs.properties(dataDir);
        ModelTraining training = new ModelTraining(lake, new Configuration());
        try {
            if (!train) {
                print(training.versions(), out);
                return 0;
            }
            List<ModelSpec> specs;
            try {
                specs =
                        values.containsKey("--spec")
                                ? List.of(ModelSpecs.load(Path.of(values.get("--spec"))))
                                : ModelDirectory.load(values.get("--models"), out::println);
            } catch (InvalidModelSpecException e) {
                return usage(err, e.getMessage());
            }
            LocalDate cutoff;
            if (values.containsKey("--cutoff")) {
                try {
                    cutoff = LocalDate.parse(values.get("--cutoff"));
                } catch (DateTimeParseException e) {
                    return usage(
                            err,
                            "--cutoff must be a day as YYYY-MM-DD, got '"
                                    + values.get("--cutoff")
                                    + "'");
                }
                LocalDate today = LocalDate.now(ZoneOffset.UTC);
                if (cutoff.isAfter(today)) {
                    // The version would be registered, and take over scoring on that day.
                    return usage(
                            err,
                            "--cutoff "
                                    + cutoff
                                    + " is after today ("
                                    + today
                                    + ", UTC): no history reaches it");
                }
            } else {
                Optional<LocalDate> latest = latestTileDay(lake);
                if (latest.isEmpty()) {
                    err.println(
                            "models: features_daily is empty; run `convergent batch backfill` first");
                    return 1;
                }
                cutoff = latest.get();
                if (Instant.now().isBefore(BatchCommand.settles(cutoff))) {
                    // Its labels would end on a day still filling: absences inflated, events
                    // missing, and the version would take over scoring on that day.
                    out.println(
                            "models: the latest tiled day, "
                                    + cutoff
                                    + ", is not settled; training as of "
                                    + cutoff.minusDays(1));
                    cutoff = cutoff.minusDays(1);
                }
            }
            if (values.containsKey("--cutoff")
                    && Instant.now().isBefore(BatchCommand.settles(cutoff))) {
                err.println(
                        "models: warning: "
                                + cutoff
                                + " is not settled (on-time events may arrive until "
                                + BatchCommand.settles(cutoff)
                                + "): its labels are incomplete");
            }
            if (specs.isEmpty()) {
                out.println(
                        "models: no specification to train (no *.yaml in "
                                + (values.containsKey("--models")
                                        ? values.get("--models")
                                        : "the installation's models/")
                                + ")");
                return 0;
            }
            out.println("Training " + specs.size() + " models at cutoff " + cutoff);
            ModelTraining.Outcome outcome = training.trainAll(specs, cutoff, out::println);
            out.println(outcome.trained().size() + " trained, " + outcome.failed().size() + " not");
            return outcome.failed().isEmpty() ? 0 : 1;
        } catch (Exception e) {
            err.println("models: failed: " + e.getMessage());
            return 1;
        }
    }

    /** The versions as an aligned table, newest cutoff of each model last. */
    static void print(List<ModelRegistry.Version> versions, PrintStream out) {
        if (versions.isEmpty()) {
            out.println("No model trained yet: `convergent models train` or `batch run --day D`.");
            return;
        }
        String format = "%-28s %-20s %-10s %6s %6s %6s %9s %9s %8s  %s%n";
        out.printf(
                format,
                "model",
                "version",
                "cutoff",
                "auc",
                "pr_auc",
                "lift10",
                "train_rows",
                "holdout",
                "seconds",
                "short_windows");
        for (ModelRegistry.Version v : versions) {
            out.printf(
                    format,
                    v.model(),
                    v.version(),
                    v.cutoff(),
                    figure(v.auc()),
                    figure(v.prAuc()),
                    figure(v.liftAt10()),
                    v.trainingRows(),
                    v.holdoutRows(),
                    String.format("%.1f", v.trainingSeconds()),
                    v.shortWindows().isEmpty() ? "-" : shortWindows(v.shortWindows()));
        }
        if (versions.stream().anyMatch(v -> !v.shortWindows().isEmpty())) {
            out.println(
                    "short_windows: windows that held fewer days than their length at the earliest"
                            + " training day (the history began later); such a version learnt"
                            + " them from shorter history than its scores read.");
        }
    }

    /** {@code [30, 90]} as {@code 30d,90d}. */
    static String shortWindows(List<Integer> windows) {
        return String.join(",", windows.stream().map(w -> w + "d").toList());
    }

    private static String figure(Double value) {
        return value == null ? "n/a" : String.format("%.3f", value);
    }

    private static Optional<LocalDate> latestTileDay(Map<String, String> lake) throws Exception {
        LakeTables.prepare(lake, LakeTables::ensureFeatureTables);
        TableEnvironment sql = LakeSql.batchEnvironment(lake, new Configuration());
        try (CloseableIterator<Row> it =
                sql.executeSql("SELECT MAX(`day`) AS d FROM features_daily").collect()) {
            return it.hasNext()
                    ? Optional.ofNullable((LocalDate) it.next().getField("d"))
                    : Optional.empty();
        } finally {
            LakeSql.close(sql);
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("models: " + problem);
        err.println();
        err.println(USAGE);
        return 2;
    }
}
