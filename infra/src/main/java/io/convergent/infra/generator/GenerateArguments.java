package io.convergent.infra.generator;

import io.convergent.common.cli.InlineValues;
import io.convergent.infra.cli.Help;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.DoubleFunction;
import java.util.regex.Pattern;

/**
 * The parsed command line of {@code convergent generate}: the generator's configuration and where
 * the records and the truth go. Every refusal names the option and the value.
 *
 * @param config what to generate
 * @param bootstrap Kafka bootstrap servers, when writing to Kafka
 * @param output a directory for JSON-lines files instead of Kafka, or {@code null}
 * @param lake a data directory whose lake's raw tables take the history instead of Kafka, or {@code
 *     null}
 * @param dryRun generate and count only
 * @param truth a directory for the ground truth, or {@code null}
 * @param help whether only the usage was asked for
 */
public record GenerateArguments(
        GeneratorConfig config,
        String bootstrap,
        Path output,
        Path lake,
        boolean dryRun,
        Path truth,
        boolean help) {

    public static final String DEFAULT_BOOTSTRAP = "localhost:9092";

    public static final String USAGE =
            String.join(
                    "\n",
                    "Usage: convergent generate --subscribers N --days D --seed S [options]",
                    "",
                    "Writes a deterministic, labelled synthetic population and its events to the input",
                    "topics; the ground truth goes to --truth DIR, never to the topics.",
                    "",
                    "  --subscribers N              population size ("
                            + GeneratorConfig.MIN_SUBSCRIBERS
                            + ".."
                            + GeneratorConfig.MAX_SUBSCRIBERS
                            + ")",
                    "  --days D                     days of back-dated history, written as fast as",
                    "                               possible (0.."
                            + GeneratorConfig.MAX_DAYS
                            + "; may be left out with --live)",
                    "  --seed S                     seed of every random choice (a 64-bit integer)",
                    "  --start YYYY-MM-DD           first day of the history, UTC (default: today minus D",
                    "                               days, so the history ends yesterday)",
                    "  --live                       after the history, stream events in real time until",
                    "                               stopped (Ctrl-C)",
                    "  --rate R                     live events per second (with --live; default "
                            + (long) GeneratorConfig.DEFAULT_RATE
                            + ")",
                    "  --malformed-rate F           fraction of records replaced by malformed ones, every",
                    "                               rejection reason represented (0..0.5; default 0)",
                    "  --bootstrap HOST:PORT        Kafka bootstrap servers (default "
                            + DEFAULT_BOOTSTRAP
                            + ")",
                    "  --output DIR                 write <topic>.jsonl files into DIR instead of Kafka",
                    "  --lake DATA_DIR              write the history straight into the raw tables of the",
                    "                               data directory's lake (pseudonymised with its key, as",
                    "                               the ingest would; malformed records counted, not",
                    "                               written): history for the batch layer without Kafka",
                    "  --dry-run                    generate and count only (measures the generator)",
                    "  --truth DIR                  write the ground truth (CSV files, summary.json) to DIR",
                    "",
                    "Scenario proportions (shares of the population; rates per subscriber per day):",
                    "  --spammers F                 mass diallers, share of subscribers (default "
                            + ScenarioRates.DEFAULTS.spammers()
                            + ")",
                    "  --bulk-callers F             legitimate bulk callers, share (default "
                            + ScenarioRates.DEFAULTS.bulkCallers()
                            + ")",
                    "  --spoofed-call-rate F        spoofed calls received (default "
                            + ScenarioRates.DEFAULTS.spoofedCallRate()
                            + ")",
                    "  --social-engineering-rate F  fake bank officer attacks per bank customer (default "
                            + ScenarioRates.DEFAULTS.socialEngineeringRate()
                            + ")",
                    "  --sim-swap-rate F            SIM-swap takeovers per bank customer (default "
                            + ScenarioRates.DEFAULTS.simSwapRate()
                            + ")",
                    "  --genuine-sim-swap-rate F    genuine SIM replacements (default "
                            + ScenarioRates.DEFAULTS.genuineSimSwapRate()
                            + ")",
                    "  --churn-rate F               future churners, share (default "
                            + ScenarioRates.DEFAULTS.churnRate()
                            + ")",
                    "  --bank-customer-share F      subscribers who bank with us (default "
                            + ScenarioRates.DEFAULTS.bankCustomerShare()
                            + ")",
                    "  --threads N                  worker threads (default: cores, at most 8)",
                    "  --help                       this text");

    private static final Pattern HOST_PORT =
            Pattern.compile("[A-Za-z0-9._-]+:([0-9]{1,5})(,[A-Za-z0-9._-]+:([0-9]{1,5}))*");

    /** Parses the arguments after {@code generate}. */
    public static GenerateArguments parse(String[] args, java.time.InstantSource clock)
            throws UsageException {
        GeneratorConfig.Builder builder = GeneratorConfig.builder().clock(clock);
        ScenarioRates rates = ScenarioRates.DEFAULTS;
        String bootstrap = null;
        Path output = null;
        Path lake = null;
        Path truth = null;
        boolean dryRun = false;
        boolean live = false;
        boolean rateGiven = false;
        Integer days = null;
        Set<String> seen = new HashSet<>();
        args = InlineValues.split(args, "--dry-run", "--live");
        if (Help.asked(args)) {
            return new GenerateArguments(null, null, null, null, false, null, true);
        }
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (!option.startsWith("--")) {
                throw new UsageException("unexpected argument '" + option + "'");
            }
            if (!seen.add(option)) {
                throw new UsageException(option + " is given more than once");
            }
            switch (option) {
                case "--help", "-h" -> {
                    return new GenerateArguments(null, null, null, null, false, null, true);
                }
                case "--live" -> live = true;
                case "--dry-run" -> dryRun = true;
                case "--subscribers" ->
                        builder.subscribers(
                                integer(
                                        option,
                                        value(args, ++i, option),
                                        GeneratorConfig.MIN_SUBSCRIBERS,
                                        GeneratorConfig.MAX_SUBSCRIBERS));
                case "--days" ->
                        days =
                                integer(
                                        option,
                                        value(args, ++i, option),
                                        0,
                                        GeneratorConfig.MAX_DAYS);
                case "--seed" -> builder.seed(seed(option, value(args, ++i, option)));
                case "--start" -> builder.start(date(option, value(args, ++i, option)));
                case "--rate" -> {
                    builder.rate(
                            fraction(
                                    option,
                                    value(args, ++i, option),
                                    Double.MIN_VALUE,
                                    GeneratorConfig.MAX_RATE));
                    rateGiven = true;
                }
                case "--malformed-rate" ->
                        builder.malformedRate(
                                fraction(
                                        option,
                                        value(args, ++i, option),
                                        0,
                                        GeneratorConfig.MAX_MALFORMED_RATE));
                case "--bootstrap" -> bootstrap = bootstrap(option, value(args, ++i, option));
                case "--output" -> output = Path.of(value(args, ++i, option));
                case "--lake" -> lake = Path.of(value(args, ++i, option));
                case "--truth" -> truth = Path.of(value(args, ++i, option));
                case "--threads" ->
                        builder.threads(integer(option, value(args, ++i, option), 1, 64));
                case "--spammers" ->
                        rates = rate(option, value(args, ++i, option), rates::withSpammers);
                case "--bulk-callers" ->
                        rates = rate(option, value(args, ++i, option), rates::withBulkCallers);
                case "--spoofed-call-rate" ->
                        rates = rate(option, value(args, ++i, option), rates::withSpoofedCallRate);
                case "--social-engineering-rate" ->
                        rates =
                                rate(
                                        option,
                                        value(args, ++i, option),
                                        rates::withSocialEngineeringRate);
                case "--sim-swap-rate" ->
                        rates = rate(option, value(args, ++i, option), rates::withSimSwapRate);
                case "--genuine-sim-swap-rate" ->
                        rates =
                                rate(
                                        option,
                                        value(args, ++i, option),
                                        rates::withGenuineSimSwapRate);
                case "--churn-rate" ->
                        rates = rate(option, value(args, ++i, option), rates::withChurnRate);
                case "--bank-customer-share" ->
                        rates =
                                rate(
                                        option,
                                        value(args, ++i, option),
                                        rates::withBankCustomerShare);
                default -> throw new UsageException("unknown option '" + option + "'");
            }
        }
        require(seen, "--subscribers");
        require(seen, "--seed");
        if (days == null && !live) {
            throw new UsageException("--days is required (it may be left out only with --live)");
        }
        if (days != null && days == 0 && !live) {
            throw new UsageException("--days must be at least 1 without --live, got '0'");
        }
        if (rateGiven && !live) {
            throw new UsageException("--rate applies only with --live");
        }
        if (output != null && bootstrap != null) {
            throw new UsageException(
                    "--output and --bootstrap exclude each other: choose files or Kafka");
        }
        if (lake != null && (output != null || bootstrap != null || dryRun || live)) {
            throw new UsageException(
                    "--lake writes the history into a lake: it excludes --output, --bootstrap,"
                            + " --dry-run and --live");
        }
        if (dryRun && (output != null || bootstrap != null)) {
            throw new UsageException(
                    "--dry-run writes nothing: it excludes --output and --bootstrap");
        }
        builder.days(days == null ? 0 : days).live(live).rates(rates);
        GeneratorConfig config;
        try {
            config = builder.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (output == null && lake == null && !dryRun && bootstrap == null) {
            bootstrap = DEFAULT_BOOTSTRAP;
        }
        return new GenerateArguments(config, bootstrap, output, lake, dryRun, truth, false);
    }

    private static void require(Set<String> seen, String option) throws UsageException {
        if (!seen.contains(option)) {
            throw new UsageException(option + " is required");
        }
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static int integer(String option, String text, int min, int max) throws UsageException {
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a whole number, got '" + text + "'");
        }
        if (value < min || value > max) {
            throw new UsageException(
                    option + " must be between " + min + " and " + max + ", got '" + text + "'");
        }
        return value;
    }

    private static long seed(String option, String text) throws UsageException {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a 64-bit integer, got '" + text + "'");
        }
    }

    private static LocalDate date(String option, String text) throws UsageException {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new UsageException(option + " must be a date YYYY-MM-DD, got '" + text + "'");
        }
    }

    private static double fraction(String option, String text, double min, double max)
            throws UsageException {
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a number, got '" + text + "'");
        }
        if (!(value >= min && value <= max)) {
            String low = min == Double.MIN_VALUE ? "above 0" : "at least " + min;
            throw new UsageException(
                    option + " must be " + low + " and at most " + max + ", got '" + text + "'");
        }
        return value;
    }

    private static ScenarioRates rate(
            String option, String text, DoubleFunction<ScenarioRates> with) throws UsageException {
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a number, got '" + text + "'");
        }
        try {
            return with.apply(value);
        } catch (IllegalArgumentException e) {
            // The record's message gives the allowed range.
            String range = e.getMessage().replaceFirst("^\\S+ ", "").replaceFirst(", got .*$", "");
            throw new UsageException(option + " " + range + ", got '" + text + "'");
        }
    }

    private static String bootstrap(String option, String text) throws UsageException {
        java.util.regex.Matcher matcher = HOST_PORT.matcher(text);
        if (!matcher.matches()) {
            throw new UsageException(
                    option + " must be HOST:PORT[,HOST:PORT...], got '" + text + "'");
        }
        for (String server : text.split(",")) {
            int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
            if (port < 1 || port > 65_535) {
                throw new UsageException(
                        option + " has a port outside 1..65535, got '" + text + "'");
            }
        }
        return text;
    }
}
