package io.convergent.infra.generator;

import java.util.Objects;

/**
 * One of our subscribers as the population made them: number, profile, home and work cells, the
 * people they talk to, and (for most) their bank relationship. Immutable; what changes over the run
 * (balance, SIM, device) lives in {@link SubscriberState}.
 */
final class Subscriber {

    final int index;
    final String msisdn;
    final Archetype archetype;
    final HomeRegion region;
    final Tariff tariff;

    /** Personal multiplier of the archetype's activity. */
    final double activity;

    final long initialBalanceMinor;
    final int billingDayOfMonth;
    final String homeCell;
    final String workCell;

    /** Frequent contacts among our subscribers (indexes). */
    final int[] ourContacts;

    /** Frequent contacts elsewhere (indexes into the population's external numbers). */
    final int[] externalContacts;

    /** {@code null} for a subscriber who does not bank with us. */
    final BankCustomer bank;

    Subscriber(
            int index,
            String msisdn,
            Archetype archetype,
            HomeRegion region,
            Tariff tariff,
            double activity,
            long initialBalanceMinor,
            int billingDayOfMonth,
            String homeCell,
            String workCell,
            int[] ourContacts,
            int[] externalContacts,
            BankCustomer bank) {
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative, got " + index);
        }
        if (activity <= 0) {
            throw new IllegalArgumentException("activity must be positive, got " + activity);
        }
        if (billingDayOfMonth < 1 || billingDayOfMonth > 28) {
            throw new IllegalArgumentException(
                    "billing day must be in 1..28, got " + billingDayOfMonth);
        }
        this.index = index;
        this.msisdn = Objects.requireNonNull(msisdn, "msisdn");
        this.archetype = Objects.requireNonNull(archetype, "archetype");
        this.region = Objects.requireNonNull(region, "region");
        this.tariff = Objects.requireNonNull(tariff, "tariff");
        this.activity = activity;
        this.initialBalanceMinor = initialBalanceMinor;
        this.billingDayOfMonth = billingDayOfMonth;
        this.homeCell = Objects.requireNonNull(homeCell, "homeCell");
        this.workCell = Objects.requireNonNull(workCell, "workCell");
        this.ourContacts = ourContacts.clone();
        this.externalContacts = externalContacts.clone();
        this.bank = bank;
    }

    /**
     * The cell serving the subscriber at {@code time} while at home: the work cell during office
     * hours of working days for those who commute, the home cell otherwise.
     */
    String cellAt(long time) {
        if (archetype.commutes && !Times.weekend(Math.floorDiv(time, Times.DAY))) {
            int hour = Times.localHour(time, region.utcOffsetHours);
            if (hour >= 9 && hour < 18) {
                return workCell;
            }
        }
        return homeCell;
    }

    boolean banksWithUs() {
        return bank != null;
    }

    @Override
    public String toString() {
        // The number stays out of logs and assertion messages.
        return "Subscriber[" + index + ", " + archetype + ", " + region + "]";
    }
}
