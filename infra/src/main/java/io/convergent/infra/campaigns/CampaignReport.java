package io.convergent.infra.campaigns;

import io.convergent.common.campaigns.Uplift;
import io.convergent.common.cli.InlineValues;
import io.convergent.common.table.Tables;
import io.convergent.infra.cli.Help;
import io.convergent.infra.lake.LakeCatalog;
import io.convergent.infra.lake.LakeCatalogs;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * {@code bin/convergent report campaigns [--data-dir var] [--from YYYY-MM-DD] [--to YYYY-MM-DD]}:
 * per campaign, how often it fired and what the contact policy made of it, the conversion of the
 * subscribers sent the offer and of the control group, and the uplift with a 95% confidence
 * interval ({@link Uplift}). Reads {@code campaign_triggers} and {@code campaign_outcomes}; a
 * trigger repeated after a restart counts once (by its id).
 */
public final class CampaignReport {

    static final String USAGE =
            "Usage: convergent report campaigns [--data-dir DIR] [--from YYYY-MM-DD]"
                    + " [--to YYYY-MM-DD]";

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
            print(figures, out);
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

    static void print(Map<String, CampaignFigures> figures, PrintStream out) {
        if (figures.isEmpty()) {
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
        for (CampaignFigures f : figures.values()) {
            Optional<Uplift> uplift = f.uplift();
            String upliftText =
                    uplift.map(
                                    u ->
                                            String.format(
                                                    Locale.ROOT,
                                                    "%+.1f pp [%+.1f, %+.1f]%s%s",
                                                    100 * u.difference(),
                                                    100 * u.lower(),
                                                    100 * u.upper(),
                                                    u.significant() ? " *" : "",
                                                    u.treated() < SMALL_GROUP
                                                                    || u.controls() < SMALL_GROUP
                                                            ? " (small groups)"
                                                            : ""))
                            .orElse(f.control.isEmpty() ? "no control group" : "nothing sent");
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
        }
        out.println("(conversion within each campaign's window; * the interval excludes 0)");
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
