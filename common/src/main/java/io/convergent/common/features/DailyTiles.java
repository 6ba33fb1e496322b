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
import io.convergent.common.event.Money;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.SmsEvent;
import io.convergent.common.identity.ServiceAddresses;
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
 * number did with ours, and the batch layer keeps the tiles of its subscribers. A short number or
 * sender name ({@code svc:…}) gets no tile: it is an organisation's line, not a subscriber (a
 * bank's sender name would be one huge tile), though it counts among its counterparts'.
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
     * tables needs to load for the tiles, so the batch recompute decodes 36 of the 86 columns. Keep
     * it in step with the code below: streaming's {@code TileProjectionTest} checks, on random
     * events of every type, that the tiles do not change when every other field is blanked, and
     * that each field listed changes some tile.
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
                    Set.of(
                            "eventTime",
                            "msisdn",
                            "type",
                            "amountMinor",
                            "currency",
                            "balanceMinor"),
                    ComplaintEvent.class,
                    Set.of("eventTime", "msisdn"),
                    BankTransactionEvent.class,
                    Set.of(
                            "eventTime",
                            "msisdn",
                            "type",
                            "amountMinor",
                            "currency",
                            "beneficiaryNew"),
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

    /**
     * Where {@link #fold} adds an event's activity: the tile of a subscriber's day, a fresh one or
     * one already holding other events of that day.
     */
    @FunctionalInterface
    public interface TileLookup {
        DailyTile tile(String subscriber, long day);
    }

    /** Hands {@code out} one small tile per subscriber {@code event} concerns. */
    public static void contributions(InputEvent event, Consumer<DailyTile> out) {
        FreshTiles fresh = new FreshTiles();
        fold(event, fresh);
        fresh.handTo(out);
    }

    /**
     * Adds {@code event}'s activity to the tiles of the subscribers it concerns, as {@link
     * DailyTile#merge} would add its {@link #contributions}: the same figures, without a tile per
     * event. Each tile is asked of {@code tiles} only once the one before it is complete, so a
     * lookup may hand on what it holds at any call.
     */
    public static void fold(InputEvent event, TileLookup tiles) {
        long day = dayOf(event.eventTime());
        if (event instanceof CallEvent call) {
            call(call, day, tiles);
        } else if (event instanceof SmsEvent sms) {
            if (!ServiceAddresses.isServiceAddress(sms.senderNumber())) {
                DailyTile sender = tiles.tile(sms.senderNumber(), day);
                sender.smsOut += 1;
                DistinctSketch.add(sender.counterparts, sms.recipientNumber());
            }
            if (!ServiceAddresses.isServiceAddress(sms.recipientNumber())) {
                DailyTile recipient = tiles.tile(sms.recipientNumber(), day);
                recipient.smsIn += 1;
                DistinctSketch.add(recipient.counterparts, sms.senderNumber());
            }
        } else if (event instanceof DataSessionEvent data) {
            DailyTile tile = tiles.tile(data.msisdn(), day);
            long bytes = data.bytesUplink() + data.bytesDownlink();
            tile.dataSessions += 1;
            tile.dataBytes += bytes;
            if (data.visitedMcc() != null) {
                tile.dataBytesAbroad += bytes;
                tile.daysAbroad = 1;
            }
        } else if (event instanceof NetworkEvent network) {
            network(network, tiles.tile(network.msisdn(), day));
        } else if (event instanceof BillingEvent billing) {
            billing(billing, tiles.tile(billing.msisdn(), day));
        } else if (event instanceof ComplaintEvent complaint) {
            tiles.tile(complaint.msisdn(), day).complaints += 1;
        } else if (event instanceof BankTransactionEvent transaction) {
            if (transaction.msisdn() != null) {
                transaction(transaction, tiles.tile(transaction.msisdn(), day));
            }
        } else if (event instanceof BankSessionEvent session) {
            if (session.msisdn() != null && session.type() == BankSessionType.LOGIN) {
                DailyTile tile = tiles.tile(session.msisdn(), day);
                tile.bankLogins += 1;
                tile.bankLoginsNewDevice += session.newDevice() ? 1 : 0;
            }
        } else if (event instanceof BankProductEvent product) {
            if (product.msisdn() != null && product.type() == BankProductEventType.OPENED) {
                tiles.tile(product.msisdn(), day).bankProductsOpened += 1;
            }
        }
    }

    private static void call(CallEvent call, long day, TileLookup tiles) {
        boolean answered = call.answerTime() != null;
        long seconds = call.talkMillis() / 1000;
        if (call.callingNumber() != null
                && !ServiceAddresses.isServiceAddress(call.callingNumber())) {
            DailyTile caller = tiles.tile(call.callingNumber(), day);
            caller.callsOut += 1;
            caller.callsOutAnswered += answered ? 1 : 0;
            caller.callSecondsOut += seconds;
            DistinctSketch.add(caller.counterparts, call.calledNumber());
        }
        if (ServiceAddresses.isServiceAddress(call.calledNumber())) {
            return;
        }
        DailyTile callee = tiles.tile(call.calledNumber(), day);
        callee.callsIn += 1;
        callee.callsInAnswered += answered ? 1 : 0;
        callee.callSecondsIn += seconds;
        if (call.callingNumber() != null) {
            DistinctSketch.add(callee.counterparts, call.callingNumber());
        }
    }

    private static void network(NetworkEvent event, DailyTile tile) {
        switch (event.type()) {
            case ROAMING_ENTRY -> {
                tile.roamingEntries += 1;
                tile.daysAbroad = 1;
            }
            case SIM_SWAP -> tile.simSwaps += 1;
            case LOCATION_UPDATE -> {
                if (event.mcc() != null && event.mcc() != HOME_MCC) {
                    tile.daysAbroad = 1;
                }
            }
            case DEVICE_CHANGE -> tile.deviceChanges += 1;
            case CALL_FORWARDING_ON -> tile.forwardingOn += 1;
            case PORT_OUT_REQUEST -> tile.portOutRequests += 1;
            default -> {}
        }
    }

    /** Kopecks of {@code amountMinor}, 0 when absent or in another currency ({@link Money}). */
    private static long roubles(Long amountMinor, String currency) {
        Long roubles = Money.inRoubles(amountMinor, currency);
        return roubles == null ? 0 : roubles;
    }

    private static void billing(BillingEvent event, DailyTile tile) {
        long amount = roubles(event.amountMinor(), event.currency());
        switch (event.type()) {
            case TOP_UP -> {
                tile.topUps += 1;
                tile.topUpMinor += amount;
            }
            case CHARGE -> tile.chargeMinor += amount;
            case PACKAGE_PURCHASE -> {
                tile.packagePurchases += 1;
                tile.chargeMinor += amount;
            }
            default -> {}
        }
        if (event.balanceMinor() != null && Money.HOME_CURRENCY.equals(event.currency())) {
            tile.minBalanceMinor = Math.min(tile.minBalanceMinor, event.balanceMinor());
        }
    }

    private static void transaction(BankTransactionEvent event, DailyTile tile) {
        if (event.type() == BankTransactionType.CARD_PAYMENT) {
            tile.cardPayments += 1;
            tile.cardPaymentMinor += roubles(event.amountMinor(), event.currency());
        } else if (event.type() == BankTransactionType.TRANSFER) {
            tile.transfers += 1;
            tile.transferMinor += roubles(event.amountMinor(), event.currency());
            tile.transfersToNewBeneficiary += Boolean.TRUE.equals(event.beneficiaryNew()) ? 1 : 0;
        }
    }

    /** A new tile for every lookup, handed on in the order asked for: an event's contributions. */
    private static final class FreshTiles implements TileLookup {
        private DailyTile first;
        private DailyTile second;

        @Override
        public DailyTile tile(String subscriber, long day) {
            DailyTile tile = new DailyTile(subscriber, day);
            if (first == null) {
                first = tile;
            } else if (second == null) {
                second = tile;
            } else {
                throw new IllegalStateException("an event concerns at most two subscribers");
            }
            return tile;
        }

        void handTo(Consumer<DailyTile> out) {
            if (first != null) {
                out.accept(first);
            }
            if (second != null) {
                out.accept(second);
            }
        }
    }
}
