package io.convergent.common.features;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The per-subscriber features every model and the serving layer use: each a figure of the
 * subscriber's {@link DailyTile}s folded over the last 7, 30 or 90 days up to and including an
 * as-of day, named {@code <feature>_<days>d}. Defined once here; batch, speed and serving compute
 * them with this class, so a feature means the same everywhere.
 */
public final class FeatureCatalog {

    /** The window lengths, in days. */
    public static final List<Integer> WINDOWS = List.of(7, 30, 90);

    /** The longest window, in days: how far back any feature as of a day reaches. */
    public static final int LONGEST_WINDOW = java.util.Collections.max(WINDOWS);

    /** The first day the windows as of {@code asOfDay} fold: the longest window's first day. */
    public static java.time.LocalDate firstDayFolded(java.time.LocalDate asOfDay) {
        return asOfDay.minusDays(LONGEST_WINDOW - 1L);
    }

    /** A feature of a window: its base name, what it means, and how it reads the folded tiles. */
    public record Definition(String name, String description, ToDoubleFunction<Window> value) {}

    /** The tiles of one window folded into one, and on how many days anything happened. */
    public record Window(DailyTile total, int activeDays, int days) {}

    private static final List<Definition> DEFINITIONS = define();

    private FeatureCatalog() {}

    public static List<Definition> definitions() {
        return DEFINITIONS;
    }

    /** Every feature name, in a stable order: each definition for each window. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (int days : WINDOWS) {
            for (Definition definition : DEFINITIONS) {
                names.add(definition.name() + "_" + days + "d");
            }
        }
        return Collections.unmodifiableList(names);
    }

    /**
     * The length in days of the window feature {@code name} folds ({@code calls_out_90d}: 90).
     *
     * @throws IllegalArgumentException for a name that is no feature of the catalog
     */
    public static int windowOf(String name) {
        int underscore = name.lastIndexOf('_');
        if (underscore > 0 && name.endsWith("d") && names().contains(name)) {
            return Integer.parseInt(name.substring(underscore + 1, name.length() - 1));
        }
        throw new IllegalArgumentException("no window feature named " + name);
    }

    /** A vector in {@link #names()}'s order as a map from name to value, in that order. */
    public static Map<String, Double> asMap(double[] vector) {
        List<String> names = names();
        if (vector.length != names.size()) {
            throw new IllegalArgumentException(
                    "a feature vector has " + names.size() + " values, not " + vector.length);
        }
        Map<String, Double> features = new LinkedHashMap<>();
        for (int i = 0; i < vector.length; i++) {
            features.put(names.get(i), vector[i]);
        }
        return features;
    }

    /**
     * The features as of the end of {@code asOfDay} (days since 1970-01-01), from {@code tiles} of
     * one subscriber. Tiles after {@code asOfDay} are ignored, so a feature never sees data after
     * its as-of time, whatever the caller passes.
     */
    public static Map<String, Double> asOf(Iterable<DailyTile> tiles, long asOfDay) {
        Map<String, Double> features = new LinkedHashMap<>();
        for (int days : WINDOWS) {
            Window window = fold(tiles, asOfDay, days);
            for (Definition definition : DEFINITIONS) {
                features.put(
                        definition.name() + "_" + days + "d",
                        definition.value().applyAsDouble(window));
            }
        }
        return features;
    }

    /**
     * The features as of the end of {@code asOfDay} as one vector in {@link #names()}'s order: what
     * models read. Like {@link #asOf}, blind to tiles after {@code asOfDay}.
     */
    public static double[] vectorAsOf(Iterable<DailyTile> tiles, long asOfDay) {
        List<Window> windows = new ArrayList<>(WINDOWS.size());
        for (int days : WINDOWS) {
            windows.add(fold(tiles, asOfDay, days));
        }
        return vector(windows);
    }

    /**
     * The feature vector, in {@link #names()}'s order, of {@code windows}: one folded window per
     * length of {@link #WINDOWS}, in that order.
     */
    public static double[] vector(List<Window> windows) {
        if (windows.size() != WINDOWS.size()) {
            throw new IllegalArgumentException(
                    "one window per length of " + WINDOWS + ", got " + windows.size());
        }
        double[] vector = new double[WINDOWS.size() * DEFINITIONS.size()];
        int i = 0;
        for (int w = 0; w < WINDOWS.size(); w++) {
            Window window = windows.get(w);
            if (window.days() != WINDOWS.get(w)) {
                throw new IllegalArgumentException(
                        "window "
                                + w
                                + " should span "
                                + WINDOWS.get(w)
                                + " days, not "
                                + window.days());
            }
            for (Definition definition : DEFINITIONS) {
                vector[i++] = definition.value().applyAsDouble(window);
            }
        }
        return vector;
    }

    /** The tiles of the {@code days} days ending with {@code asOfDay}, folded. */
    public static Window fold(Iterable<DailyTile> tiles, long asOfDay, int days) {
        DailyTile total = new DailyTile("window", asOfDay);
        int active = 0;
        for (DailyTile tile : tiles) {
            if (tile.day <= asOfDay && tile.day > asOfDay - days) {
                total.addDay(tile);
                active++;
            }
        }
        return new Window(total, active, days);
    }

    private static List<Definition> define() {
        List<Definition> d = new ArrayList<>();
        d.add(sum("calls_out", "calls placed", t -> t.callsOut));
        d.add(sum("calls_in", "calls received", t -> t.callsIn));
        d.add(
                new Definition(
                        "answer_ratio_out",
                        "share of placed calls answered (0 without calls)",
                        w -> ratio(w.total().callsOutAnswered, w.total().callsOut)));
        d.add(
                sum(
                        "call_minutes_out",
                        "minutes talked on placed calls",
                        t -> t.callSecondsOut / 60.0));
        d.add(
                sum(
                        "call_minutes_in",
                        "minutes talked on received calls",
                        t -> t.callSecondsIn / 60.0));
        d.add(sum("sms_out", "SMS sent", t -> t.smsOut));
        d.add(sum("sms_in", "SMS received", t -> t.smsIn));
        d.add(sum("data_mb", "mobile data, MB", t -> t.dataBytes / 1e6));
        d.add(sum("data_mb_abroad", "mobile data while roaming, MB", t -> t.dataBytesAbroad / 1e6));
        d.add(sum("days_abroad", "days with any sign of being abroad", t -> t.daysAbroad));
        d.add(sum("roaming_entries", "arrivals in a foreign network", t -> t.roamingEntries));
        d.add(sum("sim_swaps", "SIM swaps", t -> t.simSwaps));
        d.add(sum("device_changes", "handset changes", t -> t.deviceChanges));
        d.add(sum("forwarding_on", "call forwarding switched on", t -> t.forwardingOn));
        d.add(sum("port_out_requests", "requests to port the number out", t -> t.portOutRequests));
        d.add(sum("top_ups", "top-ups", t -> t.topUps));
        d.add(sum("top_up_rub", "topped up, roubles", t -> t.topUpMinor / 100.0));
        d.add(sum("charges_rub", "charged, roubles", t -> t.chargeMinor / 100.0));
        d.add(sum("package_purchases", "packages bought", t -> t.packagePurchases));
        d.add(
                new Definition(
                        "min_balance_rub",
                        "lowest balance seen, roubles (-1 without a reading)",
                        w ->
                                w.total().minBalanceMinor == DailyTile.NO_BALANCE
                                        ? -1
                                        : w.total().minBalanceMinor / 100.0));
        d.add(sum("complaints", "complaints filed", t -> t.complaints));
        d.add(sum("card_payments", "card payments", t -> t.cardPayments));
        d.add(sum("card_payment_rub", "paid by card, roubles", t -> t.cardPaymentMinor / 100.0));
        d.add(sum("transfers", "transfers sent", t -> t.transfers));
        d.add(sum("transfer_rub", "transferred, roubles", t -> t.transferMinor / 100.0));
        d.add(
                sum(
                        "transfers_new_beneficiary",
                        "transfers to a beneficiary never paid before",
                        t -> t.transfersToNewBeneficiary));
        d.add(sum("bank_logins", "bank logins", t -> t.bankLogins));
        d.add(
                sum(
                        "bank_logins_new_device",
                        "bank logins from a new device",
                        t -> t.bankLoginsNewDevice));
        d.add(sum("bank_products_opened", "bank products opened", t -> t.bankProductsOpened));
        d.add(
                new Definition(
                        "distinct_counterparts",
                        "distinct numbers called, texted or called by (estimated)",
                        w -> w.total().distinctCounterparts()));
        d.add(new Definition("active_days", "days with any activity", w -> w.activeDays()));
        return Collections.unmodifiableList(d);
    }

    private static Definition sum(
            String name, String description, ToDoubleFunction<DailyTile> figure) {
        return new Definition(name, description, w -> figure.applyAsDouble(w.total()));
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0 : part / (double) whole;
    }
}
