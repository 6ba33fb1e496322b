package io.convergent.infra.batch;

import io.convergent.batch.features.FeaturesDailyJob;
import io.convergent.batch.features.WindowFeaturesJob;
import io.convergent.batch.lake.DayReplacement;
import io.convergent.batch.lake.LakeHistory;
import io.convergent.batch.lake.RawRowReader;
import io.convergent.batch.models.ModelTraining;
import io.convergent.batch.reputation.CallerReputationJob;
import io.convergent.batch.sql.LakeSql;
import io.convergent.batch.stats.ImmunityStatistics;
import io.convergent.batch.view.BatchViews;
import io.convergent.common.cli.InlineValues;
import io.convergent.common.cli.Interruption;
import io.convergent.common.features.FeatureCatalog;
import io.convergent.common.immunity.ReputationThresholds;
import io.convergent.common.models.InvalidModelSpecException;
import io.convergent.common.models.ModelSpec;
import io.convergent.common.models.ScoringModel;
import io.convergent.common.table.Tables;
import io.convergent.infra.cli.Help;
import io.convergent.infra.lake.LakeCatalogs;
import io.convergent.infra.launcher.DataDirectory;
import io.convergent.infra.launcher.UpOptions;
import io.convergent.infra.models.ModelDirectory;
import io.convergent.streaming.ingest.IngestOptions;
import io.convergent.streaming.lake.LakeTables;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * {@code convergent batch run --day D} and {@code convergent batch backfill --from D1 --to D2}: the
 * batch layer over the lake of a data directory, one UTC day at a time. Each day's outputs replace
 * what an earlier run wrote for it: the day's feature tiles ({@code features_daily}) and its window
 * features and scores, and its Digital Immunity statistics; the models are trained at the run's
 * last day. Caller reputation joins it when it is built. Exit codes: 0 done, 1 failed, 2 bad
 * arguments, 130 and 143 stopped by SIGINT (Ctrl-C) and SIGTERM, which it says in one line.
 */
public final class BatchCommand {

    static final String USAGE =
            String.join(
                    "\n",
                    "Usage: convergent batch run --day YYYY-MM-DD [--data-dir DIR] [--models DIR]"
                            + " [--steps A,B]",
                    "       convergent batch backfill --from YYYY-MM-DD --to YYYY-MM-DD"
                            + " [--data-dir DIR] [--models DIR] [--steps A,B]",
                    "",
                    "  --day D          the UTC day to (re)compute",
                    "  --from, --to     the first and last UTC day of a range, both included",
                    "  --data-dir DIR   the data directory of `up` (default var)",
                    "  --models DIR     the model specifications (default: models/ of the"
                            + " installation)",
                    "  --steps A,B      only these steps, in their usual order: features,"
                            + " caller_reputation,",
                    "                   models, scores, publish_view, immunity_statistics"
                            + " (default: all)",
                    "",
                    "A day's run replaces that day's outputs: its tiles in features_daily, its"
                            + " caller_reputation, its window features",
                    "(features_window) and every subscriber's scores (model_scores), its"
                            + " immunity_daily_stats,",
                    "and immunity_hints_monthly for its month. The models are trained at the last"
                            + " day of the run",
                    "(a version per model in model_registry) before that day is scored, and the"
                            + " batch view",
                    "of the last day is published (tables tagged, a manifest row in"
                            + " batch_views).");

    private BatchCommand() {}

    public static void main(String[] args) throws Exception {
        int code;
        RunState state = new RunState();
        sayOnSignal(state::interrupted, System.err);
        // The command's jobs share one local cluster (the tests, calling run, bring their own).
        try (SharedLocalCluster cluster =
                SharedLocalCluster.install(Runtime.getRuntime().availableProcessors())) {
            code = run(args, System.out, System.err, state);
        }
        if (Interruption.interrupted()) {
            // The same code as the signal's handler, whichever of the two exits first.
            System.exit(Interruption.exitCode());
        }
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * From now on, SIGINT and SIGTERM print {@code whatItLeaves} on {@code err} and exit with the
     * signal's code; a second signal exits at once, without waiting for the shutdown hooks.
     */
    private static void sayOnSignal(Supplier<String> whatItLeaves, PrintStream err) {
        Interruption.stopOnSignal(
                () -> {
                    // The jobs' tasks fail as the cluster goes down with the JVM, each with a
                    // stack trace at WARN: nothing the user did wrong, and not what happened.
                    Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.OFF);
                    err.println(whatItLeaves.get());
                    err.flush();
                });
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, new RunState());
    }

    private static int run(String[] args, PrintStream out, PrintStream err, RunState state) {
        args = InlineValues.split(args);
        if (Help.asked(args)) {
            out.println(USAGE);
            return 0;
        }
        if (args.length == 0 || !(args[0].equals("run") || args[0].equals("backfill"))) {
            return usage(
                    err,
                    args.length == 0
                            ? "what to do? (run or backfill)"
                            : "unknown batch command '" + args[0] + "'");
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("--data-dir", UpOptions.DEFAULT_DATA_DIR);
        boolean single = args[0].equals("run");
        Set<String> given = new java.util.HashSet<>();
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            boolean known = isOption(option, single);
            if (!known
                    && option.endsWith("=")
                    && isOption(option.substring(0, option.length() - 1), single)) {
                return usage(err, option + " has no value after its '='");
            }
            if (!known) {
                return usage(err, "unknown option '" + option + "' for batch " + args[0]);
            }
            if (i + 1 >= args.length || isOption(args[i + 1], single)) {
                return usage(err, option + " needs a value");
            }
            if (!given.add(option)) {
                // The last one would win: a day run that was not the one meant.
                return usage(err, option + " is given twice");
            }
            values.put(option, args[++i]);
        }
        LocalDate from;
        LocalDate to;
        try {
            from = day(values, single ? "--day" : "--from");
            to = single ? from : day(values, "--to");
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        if (to.isBefore(from)) {
            return usage(err, "--to " + to + " is before --from " + from);
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (to.isAfter(today)) {
            // A typo of the year would otherwise train and publish from nothing, without a word.
            return usage(
                    err,
                    (single ? "--day " : "--to ")
                            + to
                            + " is after today ("
                            + today
                            + ", UTC): none of its events can have arrived");
        }
        Set<Step> steps;
        try {
            steps = steps(values.get("--steps"));
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        Path dataDir = Path.of(values.get("--data-dir"));
        Optional<String> noLake = LakeCatalogs.missingLake(dataDir);
        if (noLake.isPresent()) {
            return usage(err, noLake.get());
        }
        SharedLocalCluster.workIn(new DataDirectory(dataDir).work().resolve("batch"));
        List<ModelSpec> specs;
        try {
            specs = ModelDirectory.load(values.get("--models"), out::println);
        } catch (InvalidModelSpecException e) {
            return usage(err, e.getMessage());
        }
        state.begin("batch " + args[0], to, steps.contains(Step.PUBLISH_VIEW));
        try {
            runDays(LakeCatalogs.properties(dataDir), from, to, steps, specs, out::println, state);
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!Interruption.interrupted()) {
                err.println(state.interrupted());
            }
            return 1;
        } catch (Exception e) {
            if (!Interruption.interrupted()) {
                // Else a job the signal's shutdown failed: the handler says what happened.
                err.println("batch: failed: " + rootMessage(e));
            }
            return 1;
        }
    }

    /**
     * How far a run has come, for what an interruption leaves: each step's job commits its output
     * when it ends, so the steps reported done stand and the one under way does not (or not all of
     * it), and the batch view is published, or not, at once.
     */
    static final class RunState {
        private volatile String command = "batch";
        private volatile LocalDate lastDay;
        private volatile boolean publishes;
        private volatile String step;
        private volatile String lastDone;
        private volatile String published;

        /** The run is {@code command} (batch run, batch backfill) up to {@code lastDay}. */
        void begin(String command, LocalDate lastDay, boolean publishes) {
            this.command = command;
            this.lastDay = lastDay;
            this.publishes = publishes;
        }

        /** {@code name} of {@code day} is under way. */
        void step(LocalDate day, String name) {
            step = day + " " + name;
        }

        /** The step under way is done (and reported). */
        void done() {
            lastDone = step;
            step = null;
        }

        /** The batch view of the run's last day is published. */
        void published(long version) {
            published = "batch view " + version + " of " + lastDay + " was published";
        }

        /** The line an interruption prints now. */
        String interrupted() {
            if (lastDay == null) {
                return command + ": interrupted before it started; nothing was written";
            }
            String under = step;
            String before = lastDone;
            if (under == null && before == null) {
                return command
                        + ": interrupted before its first step; nothing was written for "
                        + lastDay;
            }
            StringBuilder line = new StringBuilder(command).append(": interrupted ");
            if (under != null) {
                line.append("during ").append(under).append(", which did not finish");
            } else {
                line.append("after ").append(before);
            }
            line.append("; the steps reported done above stand");
            if (published != null) {
                line.append("; ").append(published);
            } else if (publishes) {
                line.append("; no batch view was published for ").append(lastDay);
            }
            return line.toString();
        }
    }

    /** Whether {@code option} is one of {@code batch run}'s ({@code single}) or backfill's. */
    private static boolean isOption(String option, boolean single) {
        return option.equals("--data-dir")
                || option.equals("--models")
                || option.equals("--steps")
                || (single
                        ? option.equals("--day")
                        : option.equals("--from") || option.equals("--to"));
    }

    /** What a day's run recomputes. */
    public enum Step {
        /** The day's tiles in {@code features_daily}, from the raw tables. */
        FEATURES,
        /**
         * Every calling number's reputation as of the end of the day in {@code caller_reputation},
         * replayed from the calls and complaints of the three days to it.
         */
        CALLER_REPUTATION,
        /**
         * A version of every model trained at the run's last day, then registered in {@code
         * model_registry}.
         */
        MODELS,
        /**
         * The day's window features in {@code features_window} and every subscriber's score under
         * each model's version current that day in {@code model_scores}.
         */
        SCORES,
        /**
         * The batch view of the run's last day: its tables tagged and its manifest appended to
         * {@code batch_views}.
         */
        PUBLISH_VIEW,
        /**
         * {@code immunity_daily_stats} for the day and {@code immunity_hints_monthly} for its
         * month.
         */
        IMMUNITY_STATISTICS
    }

    /**
     * How long after a day's end (UTC) its on-time events may still be landing: the ingest's
     * out-of-orderness (its default; a cluster configured otherwise should run the day later), and
     * a minute for the checkpoint that commits them.
     */
    static final Duration SETTLING = IngestOptions.DEFAULT_MAX_OUT_OF_ORDERNESS.plusMinutes(1);

    /**
     * When {@code day}'s on-time events are all in the raw tables; a batch view of the day is
     * published only after this.
     */
    public static Instant settles(LocalDate day) {
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plus(SETTLING);
    }

    /**
     * Runs {@code steps} for each day of [from, to] in order, reporting a line per step and day.
     */
    public static void runDays(
            Map<String, String> catalogProperties,
            LocalDate from,
            LocalDate to,
            Set<Step> steps,
            List<ModelSpec> specs,
            Consumer<String> progress)
            throws Exception {
        runDays(catalogProperties, from, to, steps, specs, progress, new RunState());
    }

    private static void runDays(
            Map<String, String> catalogProperties,
            LocalDate from,
            LocalDate to,
            Set<Step> steps,
            List<ModelSpec> specs,
            Consumer<String> progress,
            RunState state)
            throws Exception {
        LakeTables.prepare(
                catalogProperties,
                catalog -> {
                    LakeTables.ensureIngestTables(catalog);
                    LakeTables.ensureImmunityTables(catalog);
                    LakeTables.ensureStatisticsTables(catalog);
                    LakeTables.ensureFeatureTables(catalog);
                    LakeTables.ensureModelTables(catalog);
                });
        // Opened only for the step that queries, and closed: `up` runs the statistics every 10
        // minutes, and each environment holds a catalog connection until its catalog is closed.
        TableEnvironment sql =
                steps.contains(Step.IMMUNITY_STATISTICS)
                        ? LakeSql.batchEnvironment(catalogProperties, new Configuration())
                        : null;
        try {
            FeaturesDailyJob features = new FeaturesDailyJob(catalogProperties);
            WindowFeaturesJob windows = new WindowFeaturesJob(catalogProperties);
            // The standard thresholds: the rules on control.immunity are the streaming job's.
            CallerReputationJob reputation =
                    new CallerReputationJob(catalogProperties, ReputationThresholds.standard());
            ModelTraining models = new ModelTraining(catalogProperties, new Configuration());
            Map<String, String> refused =
                    steps.contains(Step.MODELS) && !specs.isEmpty()
                            ? models.refusedLabels(specs)
                            : Map.of();
            // Said now, not when the models step comes after the days' other steps, and only now.
            refused.forEach(
                    (model, reason) ->
                            progress.accept(
                                    "warning: model " + model + " will not be trained: " + reason));
            LakeHistory history = history(catalogProperties, from, to, steps, specs, progress);
            if (history != null) {
                fillHistory(history, features, from, steps, progress, state);
            }
            long days = to.toEpochDay() - from.toEpochDay() + 1;
            List<String> scoredBy = List.of();
            long done = 0;
            Instant now = Instant.now();
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                done++;
                String of = "(" + done + " of " + days + ")";
                Instant settles = settles(day);
                if (now.isBefore(settles) && !day.isAfter(LocalDate.now(ZoneOffset.UTC))) {
                    progress.accept(
                            day
                                    + "  warning: its on-time events may arrive until "
                                    + settles
                                    + "; run the day again after that");
                }
                if (history != null && !history.hasEvents(day)) {
                    progress.accept(
                            day
                                    + "  warning: no raw table holds events of the day: its tiles are"
                                    + " empty, its windows count it as a day without activity");
                }
                if (steps.contains(Step.FEATURES)) {
                    tile(features, day, of, progress, state);
                }
                if (steps.contains(Step.CALLER_REPUTATION)) {
                    state.step(day, "caller_reputation");
                    long started = System.nanoTime();
                    List<DayReplacement> replacing = reputation.replacing(day);
                    StreamExecutionEnvironment env =
                            StreamExecutionEnvironment.getExecutionEnvironment();
                    reputation.build(env, day);
                    JobExecutionResult result =
                            env.execute(CallerReputationJob.JOB_NAME + " " + day);
                    complete(replacing, day, progress);
                    progress.accept(step(day, "caller_reputation", started, of));
                    sayUnreadable(day, "reputations", result, progress);
                    state.done();
                }
                if (steps.contains(Step.MODELS) && day.equals(to) && !specs.isEmpty()) {
                    state.step(day, "models");
                    long started = System.nanoTime();
                    ModelTraining.Outcome outcome =
                            models.trainAll(specs, day, progress, refused.keySet());
                    progress.accept(
                            step(
                                    day,
                                    "models: "
                                            + outcome.trained().size()
                                            + " trained, "
                                            + outcome.failed().size()
                                            + " not",
                                    started,
                                    of));
                    state.done();
                }
                if (steps.contains(Step.SCORES)) {
                    state.step(day, "features_window and scores");
                    long started = System.nanoTime();
                    List<ScoringModel> scorers = models.scorers(day);
                    List<DayReplacement> replacing = windows.replacing(day);
                    StreamExecutionEnvironment env =
                            StreamExecutionEnvironment.getExecutionEnvironment();
                    windows.build(env, day, scorers);
                    env.execute(WindowFeaturesJob.JOB_NAME + " " + day);
                    complete(replacing, day, progress);
                    progress.accept(
                            step(
                                    day,
                                    "features_window, scores of " + scorers.size() + " models",
                                    started,
                                    of));
                    state.done();
                    scoredBy = versionsOf(scorers);
                }
                if (steps.contains(Step.PUBLISH_VIEW) && day.equals(to) && now.isBefore(settles)) {
                    // Serving would skip the rest of the day's speed tiles as covered by the view,
                    // and
                    // a later run of the next day would not come back to this one.
                    progress.accept(
                            day
                                    + "  batch view not published: the day is not over (UTC), or its"
                                    + " on-time events may arrive until "
                                    + settles
                                    + "; the speed view serves it until a later run");
                } else if (steps.contains(Step.PUBLISH_VIEW) && day.equals(to)) {
                    state.step(day, "publish_view");
                    long started = System.nanoTime();
                    try {
                        // Without the scores step, the day's scores are an earlier run's: the view
                        // names the versions that wrote them.
                        BatchViews.Manifest view =
                                publish(
                                        catalogProperties,
                                        day,
                                        steps.contains(Step.SCORES) ? scoredBy : null);
                        state.published(view.version());
                        progress.accept(
                                step(
                                        day,
                                        "batch view "
                                                + view.version()
                                                + " published ("
                                                + view.tag()
                                                + ")",
                                        started,
                                        of));
                        if (view.models().isEmpty() && !specs.isEmpty()) {
                            progress.accept(
                                    day
                                            + "  warning: the view holds no model's scores (none"
                                            + " trained as of the day, see above): serving answers"
                                            + " features without scores until a run trains one");
                        }
                    } catch (BatchViews.CutoffBehindException e) {
                        // A re-run or backfill of past days: what it wrote stands, serving keeps
                        // its
                        // later view.
                        progress.accept(day + "  batch view not published: " + e.getMessage());
                    }
                    state.done();
                }
                if (steps.contains(Step.IMMUNITY_STATISTICS)) {
                    state.step(day, "immunity statistics");
                    long started = System.nanoTime();
                    List<DayReplacement> replacing =
                            List.of(
                                    DayReplacement.before(
                                            catalogProperties,
                                            Tables.IMMUNITY_DAILY_STATS,
                                            "day",
                                            day),
                                    DayReplacement.before(
                                            catalogProperties,
                                            Tables.IMMUNITY_HINTS_MONTHLY,
                                            "month",
                                            day.withDayOfMonth(1)));
                    ImmunityStatistics.recompute(sql, day);
                    complete(replacing, day, progress);
                    progress.accept(step(day, "immunity statistics", started, of));
                    state.done();
                }
            }
        } finally {
            LakeSql.close(sql);
        }
    }

    /**
     * The days the run reads tiles of, from the first its windows and models fold (only the run's
     * own days when it neither scores nor trains) to its last; null when the run reads no tiles, or
     * when the lake's manifests cannot be read, which is said and leaves the run as it would have
     * been without this look (it is advice, not a step).
     */
    private static LakeHistory history(
            Map<String, String> catalogProperties,
            LocalDate from,
            LocalDate to,
            Set<Step> steps,
            List<ModelSpec> specs,
            Consumer<String> progress) {
        boolean folds = steps.contains(Step.MODELS) || steps.contains(Step.SCORES);
        if (!folds && !steps.contains(Step.FEATURES)) {
            return null;
        }
        LocalDate reach =
                folds
                        ? earliestRead(from, steps.contains(Step.MODELS) ? specs : List.of(), to)
                        : from;
        try {
            return LakeTables.withCatalog(
                    catalogProperties, catalog -> LakeHistory.read(catalog, reach, to));
        } catch (Exception e) {
            progress.accept(
                    "warning: could not read which days the lake holds ("
                            + rootMessage(e)
                            + "): days with events and no tiles before "
                            + from
                            + " are not looked for");
            return null;
        }
    }

    /**
     * Tiles the days before {@code from} that have events and no tiles, where the run computes
     * tiles; else names them, with the command that tiles them. Each would count as a day without
     * activity in every window over it (a history loaded, or ingested, without batch runs).
     */
    private static void fillHistory(
            LakeHistory history,
            FeaturesDailyJob features,
            LocalDate from,
            Set<Step> steps,
            Consumer<String> progress,
            RunState state)
            throws Exception {
        if (history.eventDays().isEmpty()) {
            return;
        }
        LocalDate first = history.eventDays().first();
        List<LocalDate> untiled = history.untiled(first, from.minusDays(1));
        List<LocalDate> stale = history.stale(first, from.minusDays(1));
        if (untiled.isEmpty() && stale.isEmpty()) {
            return;
        }
        if (!steps.contains(Step.FEATURES)) {
            if (!untiled.isEmpty()) {
                progress.accept(LakeHistory.untiledWarning(untiled, "this run's windows"));
            }
            if (!stale.isEmpty()) {
                progress.accept(
                        "warning: "
                                + LakeHistory.describe(stale)
                                + " whose raw tables changed since they were tiled: this"
                                + " run's windows fold tiles that are out of date; tile them"
                                + " again with `bin/convergent batch"
                                + " backfill --from "
                                + stale.get(0)
                                + " --to "
                                + stale.get(stale.size() - 1)
                                + " --steps features`");
            }
            return;
        }
        if (!untiled.isEmpty()) {
            progress.accept(
                    "history: "
                            + LakeHistory.describe(untiled)
                            + " with events and no tiles, which this run's windows fold: tiling"
                            + " them first");
        }
        if (!stale.isEmpty()) {
            // Tiled before all of the day had arrived (a run before it settled, an ingest still
            // working off a backlog, events that came late), or erased from since.
            progress.accept(
                    "history: "
                            + LakeHistory.describe(stale)
                            + " whose raw tables changed since they were tiled: tiling them"
                            + " again first");
        }
        List<LocalDate> days = new ArrayList<>(new TreeSet<>(untiled));
        days.addAll(stale);
        days.sort(null);
        int n = 0;
        for (LocalDate day : days) {
            tile(features, day, "(history " + ++n + " of " + days.size() + ")", progress, state);
        }
    }

    /** Recomputes {@code day}'s tiles in {@code features_daily}, replacing an earlier run's. */
    private static void tile(
            FeaturesDailyJob features,
            LocalDate day,
            String of,
            Consumer<String> progress,
            RunState state)
            throws Exception {
        state.step(day, "features_daily");
        long started = System.nanoTime();
        List<DayReplacement> replacing = features.replacing(day);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        features.build(env, day);
        JobExecutionResult result = env.execute(FeaturesDailyJob.JOB_NAME + " " + day);
        complete(replacing, day, progress);
        progress.accept(step(day, "features_daily", started, of));
        sayUnreadable(day, "tiles", result, progress);
        state.done();
    }

    /** Says which raw rows a step's job left out as unreadable ({@link RawRowReader}), if any. */
    private static void sayUnreadable(
            LocalDate day, String what, JobExecutionResult result, Consumer<String> progress) {
        Map<String, Long> skipped = RawRowReader.skipped(result);
        if (!skipped.isEmpty()) {
            progress.accept(
                    day
                            + "  warning: rows this build cannot read were left out of the "
                            + what
                            + ": "
                            + RawRowReader.describe(skipped));
        }
    }

    /**
     * The first day whose tiles a run of [{@code from}, {@code to}] folds: the longest window back
     * from the first day it scores, or from the first as-of day of the models it trains at {@code
     * to}.
     */
    static LocalDate earliestRead(LocalDate from, List<ModelSpec> trained, LocalDate to) {
        LocalDate first = from;
        Optional<LocalDate> training = ModelTraining.earliestAsOf(trained, to);
        if (training.isPresent() && training.get().isBefore(first)) {
            first = training.get();
        }
        return FeatureCatalog.firstDayFolded(first);
    }

    /**
     * Removes what an earlier run left in the day that this one did not replace, and says so: a
     * dynamic overwrite leaves a partition the run wrote nothing into.
     */
    private static void complete(
            List<DayReplacement> replacing, LocalDate day, Consumer<String> progress)
            throws Exception {
        for (DayReplacement replacement : replacing) {
            int removed = replacement.complete();
            if (removed > 0) {
                progress.accept(
                        day
                                + "  "
                                + replacement.table()
                                + ": "
                                + removed
                                + " file(s) of an earlier run this run wrote nothing in place of"
                                + " removed");
            }
        }
    }

    private static List<String> versionsOf(List<ScoringModel> scorers) {
        return scorers.stream().map(m -> m.model() + "@" + m.version()).toList();
    }

    private static BatchViews.Manifest publish(
            Map<String, String> catalogProperties, LocalDate cutoff, List<String> models)
            throws Exception {
        return LakeTables.withCatalog(
                catalogProperties,
                catalog -> {
                    BatchViews views = new BatchViews(catalog);
                    return views.publish(
                            cutoff, models != null ? models : views.scoredVersions(cutoff));
                });
    }

    /** The steps {@code --steps} names (all without it), e.g. {@code features,scores}. */
    static Set<Step> steps(String option) {
        if (option == null) {
            return EnumSet.allOf(Step.class);
        }
        if (option.isBlank()) {
            throw new IllegalArgumentException(
                    "--steps needs at least one step (known: features, caller_reputation, models,"
                            + " scores, publish_view, immunity_statistics)");
        }
        Set<Step> steps = EnumSet.noneOf(Step.class);
        for (String name : option.split(",")) {
            try {
                steps.add(Step.valueOf(name.strip().toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "--steps: unknown step '"
                                + name.strip()
                                + "' (known: features, caller_reputation, models, scores,"
                                + " publish_view, immunity_statistics)");
            }
        }
        return steps;
    }

    private static String step(LocalDate day, String what, long startedNanos, String of) {
        return String.format(
                "%s  %-40s %6.1f s  %s", day, what, (System.nanoTime() - startedNanos) / 1e9, of);
    }

    private static LocalDate day(Map<String, String> values, String option) {
        String value = values.get(option);
        if (value == null) {
            throw new IllegalArgumentException(option + " is required");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    option + " must be a day as YYYY-MM-DD, got '" + value + "'");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return e == cause ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + cause;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("batch: " + problem);
        err.println();
        err.println(USAGE);
        return 2;
    }
}
