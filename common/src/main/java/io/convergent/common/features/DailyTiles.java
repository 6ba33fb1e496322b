package io.convergent.common.features;

import io.convergent.common.event.BankProductEvent;
import io.convergent.common.event.BankProductEventType;
import io.convergent.common.event.BankSessionEvent;
import io.convergent.common.event.BankSessionType;
import io.convergent.common.event.BankTransactionEvent;
import io.convergent.common.event.BankTransactionType;
import io.convergent.common.event.BillingEvent;
import io.convergent.common.event.CallEvent;
import io.convergent.common.event.ComplaintEvent;
import io.convergent.common.event.DataSessionEvent;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.SmsEvent;
import io.convergent.common.immunity.ImmunityRules;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What one event adds to the daily tiles: the single definition of every tile figure, run by the
 * batch layer over the master dataset and by the speed layer over the live topics, so the two can
 * never disagree. Events arrive pseudonymised (as the raw tables hold them); each is counted on the
 * UTC day of its event time.
 *
 * <p>A call or an SMS touches two numbers and so yields two contributions, one per side; every
 * other event belongs to the one subscriber it names. Contributions for numbers that are not our
 * subscribers (the other party of a call) are produced too: the tile of a number says what that
 * number did with ours, and the batch layer keeps the tiles of its subscribers.
 */
public final class DailyTiles {

    private static final long DAY_MILLIS = 86_400_000L;

    /**
     * Our network's country code, from the shipped numbering plan: registered elsewhere is abroad.
     */
    private static final int HOME_MCC = ImmunityRules.standard().homeMcc();

    private DailyTiles() {}

    /** The UTC day (days since 1970-01-01) of {@code epochMillis}. */
    public static long dayOf(long epochMillis) {
        return Math.floorDiv(epochMillis, DAY_MILLIS);
    }

    /**
     * The fields of each event type that {@link #contributions} reads: all a reader of the raw
     * tables needs to load for the tiles, so the batch recompute decodes a third of the columns.
     * Keep it in step with the code below: {@code DailyTilesProjectionTest} checks, on generated
     * events of every type, that the tiles do not change when every other field is blanked.
     */
    private static final Map<Class<? extends InputEvent>, Set<String>> FIELDS_READ =
            Map.of(
                    CallEvent.class,
                    Set.of("eventTime", "callingNumber", "calledNumber", "answerTime", "endTime"),
                    SmsEvent.class,
                    Set.of("eventTime", "senderNumber", "recipientNumber"),
                    DataSessionEvent.class,
                    Set.of("eventTime", "msisdn", "bytesUplink", "bytesDownlink", "visitedMcc"),
                    NetworkEvent.class,
                    Set.of("eventTime", "msisdn", "type", "mcc"),
                    BillingEvent.class,
                    Set.of("eventTime", "msisdn", "type", "amountMinor", "balanceMinor"),
                    ComplaintEvent.class,
                    Set.of("eventTime", "msisdn"),
                    BankTransactionEvent.class,
                    Set.of("eventTime", "msisdn", "type", "amountMinor", "beneficiaryNew"),
                    BankSessionEvent.class,
                    Set.of("eventTime", "msisdn", "type", "newDevice"),
                    BankProductEvent.class,
                    Set.of("eventTime", "msisdn", "type"));

    /** The fields of events of {@code type} that {@link #contributions} reads (see above). */
    public static Set<String> fieldsRead(Class<? extends InputEvent> type) {
        Set<String> fields = FIELDS_READ.get(type);
        if (fields == null) {
            throw new IllegalArgumentException("no tile is made of " + type.getSimpleName());
        }
        return fields;
    }

    /** Hands {@code out} one small tile per subscriber {@code event} concerns. */
    public static void contributions(InputEvent event, Consumer<DailyTile> out) {
        long day = dayOf(event.eventTime());
        if (event instanceof CallEvent call) {
            call(call, day, out);
        } else if (event instanceof SmsEvent sms) {
            DailyTile sender = new DailyTile(sms.senderNumber(), day);
            sender.smsOut = 1;
            DistinctSketch.add(sender.counterparts, sms.recipientNumber());
            out.accept(sender);
            DailyTile recipient = new DailyTile(sms.recipientNumber(), day);
            recipient.smsIn = 1;
            DistinctSketch.add(recipient.counterparts, sms.senderNumber());
            out.accept(recipient);
        } else if (event instanceof DataSessionEvent data) {
            DailyTile tile = new DailyTile(data.msisdn(), day);
            long bytes = data.bytesUplink() + data.bytesDownlink();
            tile.dataSessions = 1;
            tile.dataBytes = bytes;
            if (data.visitedMcc() != null) {
                tile.dataBytesAbroad = bytes;
                tile.daysAbroad = 1;
            }
            out.accept(tile);
        } else if (event instanceof NetworkEvent network) {
            out.accept(network(network, day));
        } else if (event instanceof BillingEvent billing) {
            out.accept(billing(billing, day));
        } else if (event instanceof ComplaintEvent complaint) {
            DailyTile tile = new DailyTile(complaint.msisdn(), day);
            tile.complaints = 1;
            out.accept(tile);
        } else if (event instanceof BankTransactionEvent transaction) {
            if (transaction.msisdn() != null) {
                out.accept(transaction(transaction, day));
            }
        } else if (event instanceof BankSessionEvent session) {
            if (session.msisdn() != null && session.type() == BankSessionType.LOGIN) {
                DailyTile tile = new DailyTile(session.msisdn(), day);
                tile.bankLogins = 1;
                tile.bankLoginsNewDevice = session.newDevice() ? 1 : 0;
                out.accept(tile);
            }
        } else if (event instanceof BankProductEvent product) {
            if (product.msisdn() != null && product.type() == BankProductEventType.OPENED) {
                DailyTile tile = new DailyTile(product.msisdn(), day);
                tile.bankProductsOpened = 1;
                out.accept(tile);
            }
        }
    }

    private static void call(CallEvent call, long day, Consumer<DailyTile> out) {
        boolean answered = call.answerTime() != null;
        long seconds = call.talkMillis() / 1000;
        if (call.callingNumber() != null) {
            DailyTile caller = new DailyTile(call.callingNumber(), day);
            caller.callsOut = 1;
            caller.callsOutAnswered = answered ? 1 : 0;
            caller.callSecondsOut = seconds;
            DistinctSketch.add(caller.counterparts, call.calledNumber());
            out.accept(caller);
        }
        DailyTile callee = new DailyTile(call.calledNumber(), day);
        callee.callsIn = 1;
        callee.callsInAnswered = answered ? 1 : 0;
        callee.callSecondsIn = seconds;
        if (call.callingNumber() != null) {
            DistinctSketch.add(callee.counterparts, call.callingNumber());
        }
        out.accept(callee);
    }

    private static DailyTile network(NetworkEvent event, long day) {
        DailyTile tile = new DailyTile(event.msisdn(), day);
        switch (event.type()) {
            case ROAMING_ENTRY -> {
                tile.roamingEntries = 1;
                tile.daysAbroad = 1;
            }
            case SIM_SWAP -> tile.simSwaps = 1;
            case LOCATION_UPDATE -> {
                if (event.mcc() != null && event.mcc() != HOME_MCC) {
                    tile.daysAbroad = 1;
                }
            }
            case DEVICE_CHANGE -> tile.deviceChanges = 1;
            case CALL_FORWARDING_ON -> tile.forwardingOn = 1;
            case PORT_OUT_REQUEST -> tile.portOutRequests = 1;
            default -> {}
        }
        return tile;
    }

    private static DailyTile billing(BillingEvent event, long day) {
        DailyTile tile = new DailyTile(event.msisdn(), day);
        long amount = event.amountMinor() == null ? 0 : event.amountMinor();
        switch (event.type()) {
            case TOP_UP -> {
                tile.topUps = 1;
                tile.topUpMinor = amount;
            }
            case CHARGE -> tile.chargeMinor = amount;
            case PACKAGE_PURCHASE -> {
                tile.packagePurchases = 1;
                tile.chargeMinor = amount;
            }
            default -> {}
        }
        if (event.balanceMinor() != null) {
            tile.minBalanceMinor = event.balanceMinor();
        }
        return tile;
    }

    private static DailyTile transaction(BankTransactionEvent event, long day) {
        DailyTile tile = new DailyTile(event.msisdn(), day);
        if (event.type() == BankTransactionType.CARD_PAYMENT) {
            tile.cardPayments = 1;
            tile.cardPaymentMinor = event.amountMinor();
        } else if (event.type() == BankTransactionType.TRANSFER) {
            tile.transfers = 1;
            tile.transferMinor = event.amountMinor();
            tile.transfersToNewBeneficiary = Boolean.TRUE.equals(event.beneficiaryNew()) ? 1 : 0;
        }
        return tile;
    }
}
