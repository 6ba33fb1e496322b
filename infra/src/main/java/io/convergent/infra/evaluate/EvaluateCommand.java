package io.convergent.infra.evaluate;

import io.convergent.common.cli.InlineValues;
import io.convergent.common.config.Durations;
import io.convergent.common.fraud.FraudSignal;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.immunity.ImmunityDecision;
import io.convergent.common.topic.Topics;
import io.convergent.infra.cli.Help;
import io.convergent.infra.kafka.BrokerCheck;
import io.convergent.infra.launcher.DataDirectory;
import io.convergent.infra.launcher.UpOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;

/**
 * {@code convergent evaluate immunity --truth DIR [--bootstrap HOST:PORT]}: reads every decision on
 * {@code immunity.decisions} and scores those of the truth's time span (its {@code summary.json})
 * against a generator's ground truth, after a warm-up ({@link ScoringWindow}). Exit codes: 0 done,
 * 1 failed, 2 bad arguments.
 */
public final class EvaluateCommand {

    static final String USAGE =
            String.join(
                    "\n",
                    "Usage: convergent evaluate immunity --truth DIR [--bootstrap HOST:PORT]"
                            + " [--data-dir DIR] [--warm-up DURATION]",
                    "",
                    "  --truth DIR           the ground-truth directory `generate --truth` wrote;"
                            + " only calls and",
                    "                        transfers in its time span (summary.json) are"
                            + " scored",
                    "  --bootstrap HOST:PORT the Kafka broker (default localhost:9092)",
                    "  --data-dir DIR        the data directory of `up`, for the pseudonymisation"
                            + " key",
                    "                        the truth's numbers are matched with (default var;"
                            + " CONVERGENT_PSEUDONYM_KEY",
                    "                        and CONVERGENT_PSEUDONYM_KEY_FILE take precedence)",
                    "  --warm-up DURATION    calls and transfers this soon after the first are not"
                            + " scored, while the jobs",
                    "                        learn who is abroad and whom each customer knows;"
                            + " the output says",
                    "                        how many were left out (default 24 h; or PT24H;"
                            + " PT0S scores everything)");

    static final Duration DEFAULT_WARM_UP = Duration.ofHours(24);

    private EvaluateCommand() {}

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
        if (args.length == 0 || !args[0].equals("immunity")) {
            return usage(
                    err,
                    args.length == 0
                            ? "what to evaluate? (immunity)"
                            : "unknown target '" + args[0] + "'");
        }
        Path truth = null;
        String bootstrap = "localhost:9092";
        Duration warmUp = DEFAULT_WARM_UP;
        Path dataDir = Path.of(UpOptions.DEFAULT_DATA_DIR);
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            if (!option.equals("--truth")
                    && !option.equals("--bootstrap")
                    && !option.equals("--data-dir")
                    && !option.equals("--warm-up")) {
                return usage(err, "unknown option '" + option + "'");
            }
            if (i + 1 >= args.length) {
                return usage(err, option + " needs a value");
            }
            String value = args[++i];
            if (option.equals("--truth")) {
                truth = Path.of(value);
            } else if (option.equals("--bootstrap")) {
                bootstrap = value;
            } else if (option.equals("--data-dir")) {
                dataDir = Path.of(value);
            } else {
                try {
                    warmUp = Durations.parse("--warm-up", value);
                } catch (IllegalArgumentException e) {
                    return usage(err, e.getMessage());
                }
                if (warmUp.isNegative()) {
                    return usage(err, "--warm-up must not be negative");
                }
            }
        }
        if (truth == null) {
            return usage(err, "--truth is required");
        }
        if (!Files.isDirectory(truth)) {
            return usage(err, "--truth " + truth + " is not a directory");
        }
        try {
            SpoofingTruth spoofing = SpoofingTruth.read(truth);
            Pseudonymiser pseudonymiser =
                    Pseudonymiser.load(System.getenv(), new DataDirectory(dataDir).pseudonymKeys());
            CallerTruth callers = CallerTruth.read(truth, pseudonymiser);
            // The truth read, the broker next: its readers would wait two minutes for none.
            Optional<String> noBroker = BrokerCheck.problem(bootstrap, BrokerCheck.TIMEOUT);
            if (noBroker.isPresent()) {
                err.println("evaluate: " + noBroker.get());
                return 1;
            }
            UnreadableRecords unreadableDecisions =
                    new UnreadableRecords(Topics.IMMUNITY_DECISIONS);
            List<ImmunityDecision> decisions =
                    TopicSnapshot.read(
                            bootstrap,
                            Topics.IMMUNITY_DECISIONS,
                            Duration.ofMinutes(2),
                            unreadableDecisions.skipping(
                                    record -> ImmunityDecision.fromJson(record.value())));
            UnreadableRecords unreadableSignals = new UnreadableRecords(Topics.BANK_FRAUD_SIGNALS);
            List<FraudSignal> signals =
                    TopicSnapshot.read(
                            bootstrap,
                            Topics.BANK_FRAUD_SIGNALS,
                            Duration.ofMinutes(2),
                            unreadableSignals.skipping(
                                    record -> FraudSignal.fromJson(record.value())));
            Map<String, Long> transfers =
                    FraudEvaluation.transfersIn(
                            TopicSnapshot.read(
                                    bootstrap,
                                    Topics.BANK_TRANSACTIONS,
                                    Duration.ofMinutes(2),
                                    record -> record.value()));
            // One history for both: the contact memory the fraud patterns need is learnt from the
            // calls, so the warm-up starts with whichever came first.
            ScoringWindow window =
                    ScoringWindow.of(
                            truth,
                            LongStream.concat(
                                            decisions.stream()
                                                    .mapToLong(ImmunityDecision::callTime),
                                            transfers.values().stream().mapToLong(Long::longValue))
                                    .min()
                                    .orElse(0L),
                            warmUp);
            ImmunityEvaluation immunity =
                    ImmunityEvaluation.of(spoofing, callers, decisions, window);
            FraudEvaluation fraud =
                    FraudEvaluation.of(FraudTruth.read(truth), signals, transfers, window);
            window.print(out, immunity, fraud);
            unreadableDecisions.report(out);
            immunity.print(out);
            unreadableSignals.report(out);
            fraud.print(out);
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("evaluate: failed: " + e.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("evaluate: " + problem);
        err.println();
        err.println(USAGE);
        return 2;
    }
}
