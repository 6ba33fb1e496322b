package io.convergent.infra.campaigns;

import io.convergent.batch.view.BatchViews;
import io.convergent.common.broker.LocalBroker;
import io.convergent.common.campaigns.CampaignDefinition;
import io.convergent.common.campaigns.CampaignDefinition.Condition;
import io.convergent.common.campaigns.CampaignDefinition.Subject;
import io.convergent.common.campaigns.Uplift;
import io.convergent.common.cli.InlineValues;
import io.convergent.common.table.Tables;
import io.convergent.common.topic.Topics;
import io.convergent.infra.cli.Help;
import io.convergent.infra.evaluate.TopicSnapshot;
import io.convergent.infra.kafka.BrokerCheck;
import io.convergent.infra.lake.LakeCatalog;
import io.convergent.infra.lake.LakeCatalogs;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code bin/convergent report campaigns [--data-dir var] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
 * [--bootstrap HOST:PORT]}: per campaign, how often it fired and what the contact policy made of
 * it, the conversion of the subscribers sent the offer and of the control group, and the uplift
 * with a 95% confidence interval ({@link Uplift}). Reads {@code campaign_triggers} and {@code
 * campaign_outcomes}; a trigger repeated after a restart counts once (by its id).
 *
 * <p>Every campaign in force on {@code control.campaigns} is listed, not only those with triggers:
 * the job records a firing only for an eligible subscriber, so a campaign that waits for something
 * leaves no row at all. For one that fired nothing in the period the report says what it can tell
 * of why: its dates, scores of a model that the latest batch view (in {@code batch_views}) does not
 * have, nothing yet on {@code scores.realtime} for its eligibility to read, or no trigger event
 * judged. The campaigns in force are read from {@code --bootstrap}, else from the broker {@code up}
 * last started on the data directory; without an answer there the report says so and lists the
 * campaigns of the lake alone.
 */
public final class CampaignReport {

    static final String USAGE =
            "Usage: convergent report campaigns [--data-dir DIR] [--from YYYY-MM-DD]"
                    + " [--to YYYY-MM-DD] [--bootstrap HOST:PORT]";

    /** Below this many in either group, the interval says little: it is printed, and flagged. */
    static final int SMALL_GROUP = 30;

    private CampaignReport() {}

    /** One campaign's figures. */
    static final class CampaignFigures {
        final String campaign;
        final Set<String> sent = new HashSet<>();
        final Set<String> control = new HashSet<>();
        final Map<String, Set<String>> suppressed = new TreeMap<>();
        final Set<String> sentConverted = new HashSet<>();
        final Set<String> controlConverted = new HashSet<>();

        CampaignFigures(String campaign) {
            this.campaign = campaign;
        }

        int suppressedCount() {
            return suppressed.values().stream().mapToInt(Set::size).sum();
        }

        Optional<Uplift> uplift() {
            if (sent.isEmpty() || control.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(
                    Uplift.of(
                            sent.size(),
                            sentConverted.size(),
                            control.size(),
                            controlConverted.size()));
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        args = InlineValues.split(args);
        if (Help.asked(args)) {
            out.println(USAGE);
            return 0;
        }
        if (args.length == 0 || !args[0].equals("campaigns")) {
            err.println("report: what to report? " + USAGE);
            return 2;
        }
        Path dataDir = Path.of("var");
        String bootstrap = null;
        LocalDate from = LocalDate.MIN;
        LocalDate to = LocalDate.MAX;
        for (int i = 1; i < args.length; i++) {
            if (i + 1 >= args.length) {
                err.println("report: " + args[i] + " needs a value; " + USAGE);
                return 2;
            }
            String value = args[++i];
            try {
                switch (args[i - 1]) {
                    case "--data-dir" -> dataDir = Path.of(value);
                    case "--from" -> from = LocalDate.parse(value);
                    case "--to" -> to = LocalDate.parse(value);
                    case "--bootstrap" -> bootstrap = value;
                    default -> {
                        err.println("report: unknown option " + args[i - 1] + "; " + USAGE);
                        return 2;
                    }
                }
            } catch (java.time.format.DateTimeParseException e) {
                err.println("report: " + args[i - 1] + " '" + value + "' is not YYYY-MM-DD");
                return 2;
            }
        }
        if (to.isBefore(from)) {
            err.println("report: --to " + to + " is before --from " + from);
            return 2;
        }
        Optional<String> noLake = LakeCatalogs.missingLake(dataDir);
        if (noLake.isPresent()) {
            err.println("report: " + noLake.get());
            return 2;
        }
        try (LakeCatalog lake = LakeCatalogs.open(dataDir)) {
            Map<String, CampaignFigures> figures = read(lake, from, to);
            Standing standing = standing(lake, dataDir, bootstrap);
            print(figures, standing, from, to, LocalDate.now(ZoneOffset.UTC), out);
            return 0;
        } catch (RuntimeException e) {
            err.println("report: failed: " + e.getMessage());
            return 1;
        }
    }

    /** The figures of every campaign with a trigger between {@code from} and {@code to} (UTC). */
    static Map<String, CampaignFigures> read(LakeCatalog lake, LocalDate from, LocalDate to) {
        Map<String, CampaignFigures> figures = new TreeMap<>();
        Map<String, String> groupOfTrigger = new HashMap<>();
        Table triggers = table(lake, Tables.CAMPAIGN_TRIGGERS);
        if (triggers == null) {
            return figures;
        }
        for (Record row : rows(triggers)) {
            LocalDate day =
                    ((OffsetDateTime) row.getField("triggered_at"))
                            .atZoneSameInstant(ZoneOffset.UTC)
                            .toLocalDate();
            if (day.isBefore(from) || day.isAfter(to)) {
                continue;
            }
            String campaign = (String) row.getField("campaign_id");
            String id = (String) row.getField("trigger_id");
            String status = (String) row.getField("status");
            CampaignFigures f = figures.computeIfAbsent(campaign, CampaignFigures::new);
            switch (status) {
                case "SENT" -> f.sent.add(id);
                case "CONTROL" -> f.control.add(id);
                default ->
                        f.suppressed
                                .computeIfAbsent(
                                        String.valueOf(row.getField("reason")),
                                        r -> new HashSet<>())
                                .add(id);
            }
            groupOfTrigger.put(id, status);
        }
        Table outcomes = table(lake, Tables.CAMPAIGN_OUTCOMES);
        if (outcomes != null) {
            for (Record row : rows(outcomes)) {
                String id = (String) row.getField("trigger_id");
                String status = groupOfTrigger.get(id);
                CampaignFigures f = figures.get((String) row.getField("campaign_id"));
                if (status == null || f == null) {
                    continue; // a trigger outside the period
                }
                (status.equals("SENT") ? f.sentConverted : f.controlConverted).add(id);
            }
        }
        return figures;
    }

    /**
     * What the report knows besides the lake's figures.
     *
     * @param inForce the campaigns in force by id, as the job holds them; {@code null}: not known
     * @param source where {@code inForce} was read, or why it is not known
     * @param view the batch view published last; {@code null}: none
     * @param scoresPublished whether anything was ever published on {@code scores.realtime}; {@code
     *     null}: not known
     */
    record Standing(
            Map<String, CampaignDefinition> inForce,
            String source,
            BatchViews.Manifest view,
            Boolean scoresPublished) {}

    static void print(
            Map<String, CampaignFigures> figures,
            Standing standing,
            LocalDate from,
            LocalDate to,
            LocalDate today,
            PrintStream out) {
        Map<String, CampaignDefinition> inForce = standing.inForce();
        if (inForce == null) {
            out.println(
                    "Campaigns in force not known ("
                            + standing.source()
                            + "): only campaigns with triggers in the period are listed.");
        } else {
            out.println(
                    inForce.size()
                            + (inForce.size() == 1 ? " campaign" : " campaigns")
                            + " in force ("
                            + standing.source()
                            + ").");
        }
        Set<String> listed = new TreeSet<>(figures.keySet());
        if (inForce != null) {
            listed.addAll(inForce.keySet());
        }
        if (listed.isEmpty()) {
            out.println("No campaign triggers in the period.");
            return;
        }
        out.printf(
                Locale.ROOT,
                "%-26s %7s %7s %10s %9s %9s  %s%n",
                "campaign",
                "sent",
                "control",
                "suppressed",
                "conv sent",
                "conv ctrl",
                "uplift (95% CI)");
        for (String id : listed) {
            CampaignFigures f = figures.get(id);
            if (f == null) {
                // In force, and not one trigger recorded in the period: say why, if known.
                out.printf(
                        Locale.ROOT,
                        "%-26s %7d %7d %10d %9s %9s  %s%n",
                        id,
                        0,
                        0,
                        0,
                        "-",
                        "-",
                        "nothing fired");
                for (String reason : whyNothingFired(inForce.get(id), standing, from, to, today)) {
                    out.println("    why: " + reason);
                }
                continue;
            }
            Optional<Uplift> uplift = f.uplift();
            CampaignDefinition definition = inForce == null ? null : inForce.get(f.campaign);
            // Its rates are 0 by construction, not measured: "+0.0 pp" would read as no effect.
            boolean measuresNothing = definition != null && definition.conversion() == null;
            String upliftText =
                    measuresNothing
                            ? "no conversion defined"
                            : uplift.map(
                                            u ->
                                                    String.format(
                                                            Locale.ROOT,
                                                            "%+.1f pp [%+.1f, %+.1f]%s%s",
                                                            100 * u.difference(),
                                                            100 * u.lower(),
                                                            100 * u.upper(),
                                                            u.significant() ? " *" : "",
                                                            u.treated() < SMALL_GROUP
                                                                            || u.controls()
                                                                                    < SMALL_GROUP
                                                                    ? " (small groups)"
                                                                    : ""))
                                    .orElse(
                                            f.control.isEmpty()
                                                    ? "no control group"
                                                    : "nothing sent");
            out.printf(
                    Locale.ROOT,
                    "%-26s %7d %7d %10d %9s %9s  %s%n",
                    f.campaign,
                    f.sent.size(),
                    f.control.size(),
                    f.suppressedCount(),
                    rate(f.sentConverted.size(), f.sent.size()),
                    rate(f.controlConverted.size(), f.control.size()),
                    upliftText);
            if (!f.suppressed.isEmpty()) {
                StringBuilder reasons = new StringBuilder("    suppressed:");
                f.suppressed.forEach(
                        (r, ids) -> reasons.append(' ').append(r).append(' ').append(ids.size()));
                out.println(reasons);
            }
            if (inForce != null && !inForce.containsKey(id)) {
                out.println("    no longer in force (deleted from control.campaigns)");
            }
        }
        out.println("(conversion within each campaign's window; * the interval excludes 0)");
    }

    /**
     * What the report can tell of why {@code campaign}, in force, recorded no trigger from {@code
     * from} to {@code to}: the first of its dates, the models its scores need, and what its
     * eligibility reads that is known to hold it back; else what a campaign without a trigger
     * leaves open.
     */
    static List<String> whyNothingFired(
            CampaignDefinition campaign,
            Standing standing,
            LocalDate from,
            LocalDate to,
            LocalDate today) {
        // A subscriber's local date runs up to a day ahead of UTC's (UTC+14).
        LocalDate lastDay = to.isAfter(today.plusDays(1)) ? today.plusDays(1) : to;
        if (campaign.validFrom().isAfter(lastDay)) {
            return List.of(
                    (lastDay.equals(to) ? "not valid in the period: from " : "not valid yet: from ")
                            + campaign.validFrom());
        }
        if (campaign.validTo().isBefore(from)) {
            return List.of("not valid in the period: it ended on " + campaign.validTo());
        }
        List<String> reasons = new ArrayList<>();
        if (campaign.validTo().isBefore(today.minusDays(1))) {
            // Over everywhere; what follows is why nothing fired while it ran, where known.
            reasons.add("its dates ended on " + campaign.validTo());
        }
        int datesOnly = reasons.size();
        Set<String> models = new TreeSet<>();
        boolean features = false;
        for (Condition condition : campaign.eligibility()) {
            if (condition.subject() == Subject.SCORE) {
                models.add(condition.name());
            } else {
                features = true;
            }
        }
        BatchViews.Manifest view = standing.view();
        Set<String> viewModels = new TreeSet<>();
        if (view != null) {
            // model@version
            view.models().forEach(m -> viewModels.add(modelName(m)));
        }
        Set<String> missing = new TreeSet<>(models);
        missing.removeAll(viewModels);
        if (!missing.isEmpty()) {
            String where;
            if (view == null) {
                where = "no batch view is published yet (`batch run --day D` trains and publishes)";
            } else {
                where =
                        "the latest batch view (version "
                                + view.version()
                                + ", cutoff "
                                + view.cutoff()
                                + ") has "
                                + (viewModels.isEmpty()
                                        ? "no model"
                                        : viewModels.size() <= FEW_MODELS
                                                ? "only " + String.join(", ", viewModels)
                                                : viewModels.size() + " other models");
            }
            reasons.add(
                    "waiting for scores of model"
                            + (missing.size() == 1 ? " " : "s ")
                            + String.join(", ", missing)
                            + ": "
                            + where);
        } else if (!campaign.eligibility().isEmpty()
                && Boolean.FALSE.equals(standing.scoresPublished())) {
            String what =
                    models.isEmpty() ? "features" : features ? "scores and features" : "scores";
            reasons.add(
                    "waiting for the subscribers' "
                            + what
                            + ": nothing on scores.realtime yet, where its eligibility reads them"
                            + " (serving publishes a subscriber's there once the speed view moves"
                            + " them)");
        }
        if (reasons.size() == datesOnly) {
            String trigger =
                    String.join(
                            " then ",
                            campaign.trigger().steps().stream().map(s -> s.event().key()).toList());
            String event =
                    campaign.trigger().isSequence()
                            ? trigger + " sequence completed"
                            : trigger + " event judged";
            reasons.add(
                    campaign.eligibility().isEmpty()
                            ? "no " + event + " in the period"
                            : "no eligible subscriber's "
                                    + event
                                    + " in the period: the job records a firing only when"
                                    + " the subscriber meets the eligibility ("
                                    + conditions(campaign)
                                    + ")");
        }
        return reasons;
    }

    /** Up to this many, the models a view has are named when it lacks the one a campaign needs. */
    private static final int FEW_MODELS = 5;

    /** {@code port_out_14d} of a batch view's {@code port_out_14d@2026-11-25.2cb84060}. */
    static String modelName(String modelAtVersion) {
        int at = modelAtVersion.lastIndexOf('@');
        return at < 0 ? modelAtVersion : modelAtVersion.substring(0, at);
    }

    private static String conditions(CampaignDefinition campaign) {
        List<String> text = new ArrayList<>();
        for (Condition c : campaign.eligibility()) {
            text.add(
                    c.name()
                            + " "
                            + c.comparison().name().toLowerCase(Locale.ROOT)
                            + " "
                            + number(c.value()));
        }
        return String.join(", ", text);
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }

    /**
     * The campaigns in force and what their eligibility waits for: the batch view from the lake,
     * the rest from Kafka at {@code bootstrap}, or where {@code up} last started a broker on {@code
     * dataDir} ({@code null}: that one).
     */
    static Standing standing(LakeCatalog lake, Path dataDir, String bootstrap) {
        BatchViews.Manifest view = latestView(lake);
        String address = bootstrap;
        if (address == null) {
            try {
                address = LocalBroker.bootstrapServers(dataDir).orElse(null);
            } catch (IllegalArgumentException e) {
                return new Standing(null, e.getMessage(), view, null);
            }
            if (address == null) {
                return new Standing(
                        null,
                        "`convergent up` never started a broker on "
                                + dataDir
                                + "; --bootstrap HOST:PORT names one",
                        view,
                        null);
            }
        }
        Optional<String> noBroker = BrokerCheck.problem(address, BrokerCheck.TIMEOUT);
        if (noBroker.isPresent()) {
            return new Standing(null, noBroker.get(), view, null);
        }
        if (bootstrap == null) {
            Optional<String> other = anotherDirectorysBroker(dataDir, address);
            if (other.isPresent()) {
                return new Standing(null, other.get(), view, null);
            }
        }
        try {
            return new Standing(
                    inForce(address),
                    Topics.CONTROL_CAMPAIGNS + " at " + address,
                    view,
                    everPublished(address, Topics.SCORES_REALTIME));
        } catch (RuntimeException e) {
            return new Standing(
                    null,
                    "could not read "
                            + Topics.CONTROL_CAMPAIGNS
                            + " at "
                            + address
                            + ": "
                            + e.getMessage(),
                    view,
                    null);
        }
    }

    /** The batch view published last, or {@code null}. */
    private static BatchViews.Manifest latestView(LakeCatalog lake) {
        if (!lake.catalog().tableExists(TableIdentifier.of(Tables.NAMESPACE, Tables.BATCH_VIEWS))) {
            return null;
        }
        try {
            return new BatchViews(lake.catalog()).latest().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The campaigns the job holds in force after reading {@code control.campaigns} to its end: of
     * each id, the highest version that reads, unless deleted since. As in the job, a record that
     * does not read, an older version, or another definition under the version in force leaves the
     * version in force as it is.
     */
    static Map<String, CampaignDefinition> inForce(String bootstrap) {
        CampaignsCommand.PublishedCampaigns published = new CampaignsCommand.PublishedCampaigns();
        // One id is one key, so its records are in one partition, read in their order.
        for (ConsumerRecord<byte[], byte[]> record :
                TopicSnapshot.read(bootstrap, Topics.CONTROL_CAMPAIGNS, TOPIC_TIMEOUT, r -> r)) {
            published.add(record.key(), record.value(), record.partition(), record.offset());
        }
        return published.inForce();
    }

    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    /** Whether any record was ever written to {@code topic}; {@code false} for no such topic. */
    private static boolean everPublished(String bootstrap, String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, TOPIC_TIMEOUT);
            if (partitions == null || partitions.isEmpty()) {
                return false;
            }
            return consumer
                    .endOffsets(
                            partitions.stream()
                                    .map(p -> new TopicPartition(topic, p.partition()))
                                    .toList(),
                            TOPIC_TIMEOUT)
                    .values()
                    .stream()
                    .anyMatch(end -> end > 0);
        }
    }

    /**
     * Why the broker answering at {@code address}, where {@code up} last started {@code dataDir}'s,
     * is another one (another copy's {@code up} took the port since), or empty when it is ours or
     * that cannot be told: its campaigns are not this platform's.
     */
    private static Optional<String> anotherDirectorysBroker(Path dataDir, String address) {
        Optional<String> recorded;
        try {
            recorded = LocalBroker.clusterId(dataDir);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        int millis = (int) BrokerCheck.TIMEOUT.toMillis();
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address,
                                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis))) {
            String answering =
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis))
                            .clusterId()
                            .get(millis, TimeUnit.MILLISECONDS);
            if (recorded.get().equals(answering)) {
                return Optional.empty();
            }
            return Optional.of(
                    "the broker at "
                            + address
                            + " is not the one `convergent up` last started on "
                            + dataDir
                            + " (cluster "
                            + answering
                            + ", not "
                            + recorded.get()
                            + "); --bootstrap HOST:PORT names the platform's");
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String rate(int converted, int of) {
        return of == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * converted / of);
    }

    private static Table table(LakeCatalog lake, String name) {
        TableIdentifier id = TableIdentifier.of(Tables.NAMESPACE, name);
        return lake.catalog().tableExists(id) ? lake.catalog().loadTable(id) : null;
    }

    private static List<Record> rows(Table table) {
        try (CloseableIterable<Record> scan = IcebergGenerics.read(table).build()) {
            List<Record> rows = new java.util.ArrayList<>();
            scan.forEach(rows::add);
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
