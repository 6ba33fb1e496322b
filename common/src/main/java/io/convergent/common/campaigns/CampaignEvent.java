package io.convergent.common.campaigns;

import io.convergent.common.event.BankProductEvent;
import io.convergent.common.event.BankProductEventType;
import io.convergent.common.event.BillingEvent;
import io.convergent.common.event.Money;
import io.convergent.common.event.NetworkEvent;
import java.util.Objects;

/**
 * What the campaign job sees of an input event: whose it is (a pseudonym), when, what kind, and the
 * few values triggers and conversions look at. Built after pseudonymisation; holds no raw
 * identifier.
 *
 * @param balanceMinor the balance after the event, when billing reported it
 * @param amountMinor a top-up's or a purchase's amount
 * @param mcc the serving network's country code (location updates, roaming entries)
 * @param homeRegion the home region of the serving cell, when it is one of ours
 * @param product the package or bank product bought or opened, as its enum name
 */
public record CampaignEvent(
        String subscriber,
        String eventId,
        long eventTime,
        Kind kind,
        Long balanceMinor,
        Long amountMinor,
        Integer mcc,
        Integer homeRegion,
        String product) {

    public CampaignEvent {
        Objects.requireNonNull(subscriber, "subscriber");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(kind, "kind");
    }

    /** The kinds of event that move a campaign: triggers, conversions and the context. */
    public enum Kind {
        LOCATION_UPDATE,
        ROAMING_ENTRY,
        ROAMING_EXIT,
        DEVICE_CHANGE,
        PORT_OUT_REQUEST,
        TOP_UP,
        CHARGE,
        BALANCE,
        PACKAGE_PURCHASE,
        BANK_PRODUCT_OPENED,
        BANK_PRODUCT_CLOSED;

        /** Money spent or paid in on the mobile account: what ends a dormant spell. */
        public boolean isBillingActivity() {
            return this == TOP_UP || this == CHARGE || this == PACKAGE_PURCHASE;
        }
    }

    /** A network event of interest, or {@code null} (SIM swaps and forwarding trigger nothing). */
    public static CampaignEvent of(NetworkEvent e, String subscriber) {
        Kind kind =
                switch (e.type()) {
                    case LOCATION_UPDATE -> Kind.LOCATION_UPDATE;
                    case ROAMING_ENTRY -> Kind.ROAMING_ENTRY;
                    case ROAMING_EXIT -> Kind.ROAMING_EXIT;
                    case DEVICE_CHANGE -> Kind.DEVICE_CHANGE;
                    case PORT_OUT_REQUEST -> Kind.PORT_OUT_REQUEST;
                    default -> null;
                };
        if (kind == null) {
            return null;
        }
        return new CampaignEvent(
                subscriber,
                e.eventId(),
                e.eventTime(),
                kind,
                null,
                null,
                e.mcc(),
                LocalZones.regionOfCell(e.cellId()),
                null);
    }

    public static CampaignEvent of(BillingEvent e, String subscriber) {
        Kind kind =
                switch (e.type()) {
                    case TOP_UP -> Kind.TOP_UP;
                    case CHARGE -> Kind.CHARGE;
                    case BALANCE -> Kind.BALANCE;
                    case PACKAGE_PURCHASE -> Kind.PACKAGE_PURCHASE;
                };
        return new CampaignEvent(
                subscriber,
                e.eventId(),
                e.eventTime(),
                kind,
                // The thresholds are in roubles: another currency's amount is none of them.
                Money.inRoubles(e.balanceMinor(), e.currency()),
                Money.inRoubles(e.amountMinor(), e.currency()),
                null,
                null,
                e.product() == null ? null : e.product().name());
    }

    public static CampaignEvent of(BankProductEvent e, String subscriber) {
        return new CampaignEvent(
                subscriber,
                e.eventId(),
                e.eventTime(),
                e.type() == BankProductEventType.OPENED
                        ? Kind.BANK_PRODUCT_OPENED
                        : Kind.BANK_PRODUCT_CLOSED,
                null,
                null,
                null,
                null,
                e.product().name());
    }
}
