package io.convergent.common.features;

import java.util.List;
import java.util.Objects;

/**
 * One subscriber's activity on one UTC day: counts, sums, a minimum and a distinct-count sketch,
 * each of which adds up across days, so any window feature (7, 30, 90 days) is a fold of tiles. The
 * batch layer writes one per subscriber and day to {@code features_daily}; the speed layer grows
 * the tiles of the days after the batch cutoff with the same {@link DailyTiles} code.
 *
 * <p>Mutable, a Flink POJO (public fields, no-argument constructor): tiles are merged in place.
 * Amounts are minor units (kopecks); durations whole seconds.
 */
public final class DailyTile {

    /** {@link #minBalanceMinor} of a day without a balance reading. */
    public static final long NO_BALANCE = Long.MAX_VALUE;

    /** Pseudonym of the subscriber's phone number. */
    public String subscriber;

    /** The UTC day, as days since 1970-01-01. */
    public long day;

    public long callsOut;
    public long callsOutAnswered;
    public long callSecondsOut;
    public long callsIn;
    public long callsInAnswered;
    public long callSecondsIn;
    public long smsOut;
    public long smsIn;
    public long dataSessions;
    public long dataBytes;
    public long dataBytesAbroad;
    public long roamingEntries;

    /**
     * 1 when any event put the subscriber abroad that day, else 0 (a count of days once summed).
     */
    public long daysAbroad;

    public long simSwaps;
    public long deviceChanges;
    public long forwardingOn;
    public long portOutRequests;
    public long topUps;
    public long topUpMinor;
    public long chargeMinor;
    public long packagePurchases;
    public long minBalanceMinor = NO_BALANCE;
    public long complaints;
    public long cardPayments;
    public long cardPaymentMinor;
    public long transfers;
    public long transferMinor;
    public long transfersToNewBeneficiary;
    public long bankLogins;
    public long bankLoginsNewDevice;
    public long bankProductsOpened;

    /** Sketch of the distinct numbers the subscriber called, texted or was called by. */
    public byte[] counterparts = DistinctSketch.empty();

    public DailyTile() {}

    public DailyTile(String subscriber, long day) {
        this.subscriber = Objects.requireNonNull(subscriber, "subscriber");
        this.day = day;
    }

    /**
     * Adds {@code other}'s activity on the same day to this tile: sums, the lower balance, the
     * union of counterparts, and abroad if either was (one day abroad, however many events said
     * so). The subscriber and day are this tile's. To total several days, use {@link #addDay}.
     */
    public DailyTile merge(DailyTile other) {
        callsOut += other.callsOut;
        callsOutAnswered += other.callsOutAnswered;
        callSecondsOut += other.callSecondsOut;
        callsIn += other.callsIn;
        callsInAnswered += other.callsInAnswered;
        callSecondsIn += other.callSecondsIn;
        smsOut += other.smsOut;
        smsIn += other.smsIn;
        dataSessions += other.dataSessions;
        dataBytes += other.dataBytes;
        dataBytesAbroad += other.dataBytesAbroad;
        roamingEntries += other.roamingEntries;
        daysAbroad = Math.max(daysAbroad, other.daysAbroad);
        simSwaps += other.simSwaps;
        deviceChanges += other.deviceChanges;
        forwardingOn += other.forwardingOn;
        portOutRequests += other.portOutRequests;
        topUps += other.topUps;
        topUpMinor += other.topUpMinor;
        chargeMinor += other.chargeMinor;
        packagePurchases += other.packagePurchases;
        minBalanceMinor = Math.min(minBalanceMinor, other.minBalanceMinor);
        complaints += other.complaints;
        cardPayments += other.cardPayments;
        cardPaymentMinor += other.cardPaymentMinor;
        transfers += other.transfers;
        transferMinor += other.transferMinor;
        transfersToNewBeneficiary += other.transfersToNewBeneficiary;
        bankLogins += other.bankLogins;
        bankLoginsNewDevice += other.bankLoginsNewDevice;
        bankProductsOpened += other.bankProductsOpened;
        DistinctSketch.merge(counterparts, other.counterparts);
        return this;
    }

    /**
     * Adds another day's tile (or a total of other days) to this total of days: as {@link #merge},
     * except that the days abroad add up, where a merge of one day's parts keeps one.
     */
    public DailyTile addDay(DailyTile otherDays) {
        long abroad = daysAbroad + otherDays.daysAbroad;
        merge(otherDays);
        daysAbroad = abroad;
        return this;
    }

    /**
     * Whether the day holds activity only one of our own subscribers has: data sessions, billing,
     * network events, complaints or banking. A number seen only as the other party of our
     * subscribers' calls and texts has a tile without any.
     */
    public boolean showsOwnActivity() {
        return dataSessions > 0
                || topUps > 0
                || chargeMinor > 0
                || packagePurchases > 0
                || minBalanceMinor != NO_BALANCE
                || roamingEntries > 0
                || daysAbroad > 0
                || simSwaps > 0
                || deviceChanges > 0
                || forwardingOn > 0
                || portOutRequests > 0
                || complaints > 0
                || cardPayments > 0
                || transfers > 0
                || bankLogins > 0
                || bankProductsOpened > 0;
    }

    /** The counterparts seen, estimated from the sketch. */
    public long distinctCounterparts() {
        return DistinctSketch.estimate(counterparts);
    }

    /** A copy with the same subscriber, day and figures (the sketch copied too). */
    public DailyTile copy() {
        DailyTile copy = new DailyTile(subscriber, day);
        copy.minBalanceMinor = NO_BALANCE;
        return copy.merge(this);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DailyTile other)) {
            return false;
        }
        return Objects.equals(subscriber, other.subscriber)
                && day == other.day
                && java.util.Arrays.equals(figures(), other.figures())
                && java.util.Arrays.equals(counterparts, other.counterparts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subscriber, day, java.util.Arrays.hashCode(figures()));
    }

    @Override
    public String toString() {
        return "DailyTile["
                + subscriber
                + ", day "
                + day
                + ", "
                + java.util.Arrays.toString(figures())
                + "]";
    }

    /** Sets every figure from {@code values}, in {@link #figures()}'s order: reading a row back. */
    public void setFigures(long[] values) {
        if (values.length != FIGURE_COLUMNS.size()) {
            throw new IllegalArgumentException(
                    "a tile has " + FIGURE_COLUMNS.size() + " figures, got " + values.length);
        }
        int i = 0;
        callsOut = values[i++];
        callsOutAnswered = values[i++];
        callSecondsOut = values[i++];
        callsIn = values[i++];
        callsInAnswered = values[i++];
        callSecondsIn = values[i++];
        smsOut = values[i++];
        smsIn = values[i++];
        dataSessions = values[i++];
        dataBytes = values[i++];
        dataBytesAbroad = values[i++];
        roamingEntries = values[i++];
        daysAbroad = values[i++];
        simSwaps = values[i++];
        deviceChanges = values[i++];
        forwardingOn = values[i++];
        portOutRequests = values[i++];
        topUps = values[i++];
        topUpMinor = values[i++];
        chargeMinor = values[i++];
        packagePurchases = values[i++];
        minBalanceMinor = values[i++];
        complaints = values[i++];
        cardPayments = values[i++];
        cardPaymentMinor = values[i++];
        transfers = values[i++];
        transferMinor = values[i++];
        transfersToNewBeneficiary = values[i++];
        bankLogins = values[i++];
        bankLoginsNewDevice = values[i++];
        bankProductsOpened = values[i];
    }

    /** The column name of each of {@link #figures()}, in the same order. */
    public static final List<String> FIGURE_COLUMNS =
            List.of(
                    "calls_out",
                    "calls_out_answered",
                    "call_seconds_out",
                    "calls_in",
                    "calls_in_answered",
                    "call_seconds_in",
                    "sms_out",
                    "sms_in",
                    "data_sessions",
                    "data_bytes",
                    "data_bytes_abroad",
                    "roaming_entries",
                    "days_abroad",
                    "sim_swaps",
                    "device_changes",
                    "forwarding_on",
                    "port_out_requests",
                    "top_ups",
                    "top_up_minor",
                    "charge_minor",
                    "package_purchases",
                    "min_balance_minor",
                    "complaints",
                    "card_payments",
                    "card_payment_minor",
                    "transfers",
                    "transfer_minor",
                    "transfers_to_new_beneficiary",
                    "bank_logins",
                    "bank_logins_new_device",
                    "bank_products_opened");

    /** The position in {@link #FIGURE_COLUMNS} of the one figure some days have no value for. */
    private static final int MIN_BALANCE_FIGURE = FIGURE_COLUMNS.indexOf("min_balance_minor");

    /**
     * Whether figure column {@code i} may be empty: the lowest balance of a day without a balance
     * reading, which the tile holds as {@link #NO_BALANCE} and a table as {@code null} (a number
     * there would poison an analyst's {@code min} or {@code avg}).
     */
    public static boolean figureMayBeEmpty(int i) {
        return i == MIN_BALANCE_FIGURE;
    }

    /** Figure {@code i}'s value as a table column holds it: {@code null} for no value. */
    public static Long columnValue(int i, long figure) {
        return i == MIN_BALANCE_FIGURE && figure == NO_BALANCE ? null : figure;
    }

    /** Figure {@code i}'s value from its table column ({@link #columnValue} read back). */
    public static long figureValue(int i, Long column) {
        if (column != null) {
            return column;
        }
        if (!figureMayBeEmpty(i)) {
            throw new IllegalArgumentException(FIGURE_COLUMNS.get(i) + " is empty");
        }
        return NO_BALANCE;
    }

    /** Every numeric figure, in declaration order ({@link #FIGURE_COLUMNS} names them). */
    public long[] figures() {
        return new long[] {
            callsOut,
            callsOutAnswered,
            callSecondsOut,
            callsIn,
            callsInAnswered,
            callSecondsIn,
            smsOut,
            smsIn,
            dataSessions,
            dataBytes,
            dataBytesAbroad,
            roamingEntries,
            daysAbroad,
            simSwaps,
            deviceChanges,
            forwardingOn,
            portOutRequests,
            topUps,
            topUpMinor,
            chargeMinor,
            packagePurchases,
            minBalanceMinor,
            complaints,
            cardPayments,
            cardPaymentMinor,
            transfers,
            transferMinor,
            transfersToNewBeneficiary,
            bankLogins,
            bankLoginsNewDevice,
            bankProductsOpened
        };
    }
}
