package io.convergent.common.testing;

import io.convergent.common.event.BankProduct;
import io.convergent.common.event.BankProductEvent;
import io.convergent.common.event.BankProductEventType;
import io.convergent.common.event.BankSessionEvent;
import io.convergent.common.event.BankSessionType;
import io.convergent.common.event.BankTransactionEvent;
import io.convergent.common.event.BankTransactionType;
import io.convergent.common.event.BillingEvent;
import io.convergent.common.event.BillingEventType;
import io.convergent.common.event.BillingProduct;
import io.convergent.common.event.CallEvent;
import io.convergent.common.event.Channel;
import io.convergent.common.event.ComplaintCategory;
import io.convergent.common.event.ComplaintEvent;
import io.convergent.common.event.DataSessionEvent;
import io.convergent.common.event.Ingress;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.NetworkEventType;
import io.convergent.common.event.RadioAccess;
import io.convergent.common.event.ReleaseCause;
import io.convergent.common.event.SmsEvent;
import io.convergent.common.identity.Identifiers;
import java.time.Instant;
import java.util.List;

/**
 * Valid events of every input topic, with the raw identifiers they carry, for tests in every
 * module. Times are fixed around {@link #T0} so tests are repeatable.
 */
public final class SampleEvents {

    /** 2026-03-02T09:00:00Z, a Monday morning. */
    public static final long T0 = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();

    public static final long MINUTE = 60_000L;

    public static final String SUBSCRIBER = "+79580012345";
    public static final String OTHER_SUBSCRIBER = "+79581234567";
    public static final String DOMESTIC_CALLER = "+79121234567";
    public static final String IMSI = "250620000012345";
    public static final String NEW_IMSI = "250620000099999";
    public static final String IMEI = Identifiers.withLuhnCheckDigit("35693803564380");
    public static final String CARD = Identifiers.withLuhnCheckDigit("220220000000001");
    public static final String ACCOUNT = "40817810099910004312";
    public static final String BENEFICIARY_ACCOUNT = "40817810000000007777";
    public static final String CUSTOMER = "C-000123";
    public static final String DEVICE = "dev-7f3a9c";

    /** Every raw identifier above: what a scan for leaks looks for. */
    public static final List<String> RAW_IDENTIFIERS =
            List.of(
                    SUBSCRIBER,
                    OTHER_SUBSCRIBER,
                    DOMESTIC_CALLER,
                    IMSI,
                    NEW_IMSI,
                    IMEI,
                    CARD,
                    ACCOUNT,
                    BENEFICIARY_ACCOUNT,
                    CUSTOMER,
                    DEVICE);

    private SampleEvents() {}

    public static CallEvent call() {
        return new CallEvent(
                "call-1",
                T0,
                "sw1-0001",
                DOMESTIC_CALLER,
                SUBSCRIBER,
                Ingress.INTERCONNECT,
                T0,
                T0 + 5_000,
                T0 + 125_000,
                ReleaseCause.NORMAL,
                null,
                null);
    }

    public static SmsEvent sms() {
        return new SmsEvent(
                "sms-1", T0, SUBSCRIBER, OTHER_SUBSCRIBER, Ingress.ON_NET, 1, "250-62-1001-77");
    }

    public static DataSessionEvent dataSession() {
        return new DataSessionEvent(
                "data-1",
                T0 + 30 * MINUTE,
                SUBSCRIBER,
                IMSI,
                T0,
                T0 + 30 * MINUTE,
                1_200_000,
                35_000_000,
                RadioAccess.LTE,
                "250-62-1001-77",
                null);
    }

    public static NetworkEvent simSwap() {
        return new NetworkEvent(
                "net-1",
                T0,
                NetworkEventType.SIM_SWAP,
                SUBSCRIBER,
                NEW_IMSI,
                IMSI,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /** The switch's signal that SUBSCRIBER answered a call from DOMESTIC_CALLER. */
    public static NetworkEvent callAnswered() {
        return NetworkEvent.callAnswered("net-3", T0, SUBSCRIBER, DOMESTIC_CALLER, true);
    }

    public static NetworkEvent roamingEntry() {
        return new NetworkEvent(
                "net-2",
                T0,
                NetworkEventType.ROAMING_ENTRY,
                SUBSCRIBER,
                IMSI,
                null,
                IMEI,
                null,
                262,
                1,
                null,
                null,
                null,
                null,
                null);
    }

    /**
     * A network event of {@code type} for {@code msisdn} that says only where it was seen: the
     * visited country ({@code mcc}, null for none) and network 1. For roaming and location tests.
     */
    public static NetworkEvent networkSighting(
            String eventId, long at, NetworkEventType type, String msisdn, Integer mcc) {
        return new NetworkEvent(
                eventId,
                at,
                type,
                msisdn,
                null,
                null,
                null,
                null,
                mcc,
                mcc == null ? null : 1,
                null,
                null,
                null,
                null,
                null);
    }

    public static BillingEvent topUp() {
        return new BillingEvent(
                "bill-1",
                T0,
                BillingEventType.TOP_UP,
                SUBSCRIBER,
                50_000L,
                61_000L,
                "RUB",
                null,
                Channel.MOBILE_APP);
    }

    public static BillingEvent roamingPackage() {
        return new BillingEvent(
                "bill-2",
                T0,
                BillingEventType.PACKAGE_PURCHASE,
                SUBSCRIBER,
                99_000L,
                null,
                "RUB",
                BillingProduct.ROAMING_PACKAGE,
                Channel.MOBILE_APP);
    }

    public static ComplaintEvent spamComplaint() {
        return new ComplaintEvent(
                "cmp-1",
                T0,
                SUBSCRIBER,
                ComplaintCategory.SPAM_CALL,
                Channel.MOBILE_APP,
                DOMESTIC_CALLER);
    }

    public static BankTransactionEvent transfer() {
        return new BankTransactionEvent(
                "txn-1",
                T0,
                BankTransactionType.TRANSFER,
                CUSTOMER,
                SUBSCRIBER,
                ACCOUNT,
                15_000_000L,
                "RUB",
                Channel.MOBILE_APP,
                null,
                null,
                BENEFICIARY_ACCOUNT,
                true);
    }

    public static BankTransactionEvent cardPayment() {
        return new BankTransactionEvent(
                "txn-2",
                T0,
                BankTransactionType.CARD_PAYMENT,
                CUSTOMER,
                SUBSCRIBER,
                ACCOUNT,
                125_050L,
                "RUB",
                Channel.POS,
                CARD,
                5411,
                null,
                null);
    }

    public static BankSessionEvent newDeviceLogin() {
        return new BankSessionEvent(
                "ses-1",
                T0,
                BankSessionType.LOGIN,
                CUSTOMER,
                SUBSCRIBER,
                DEVICE,
                true,
                Channel.MOBILE_APP);
    }

    public static BankProductEvent cardOpened() {
        return new BankProductEvent(
                "prd-1",
                T0,
                BankProductEventType.OPENED,
                CUSTOMER,
                SUBSCRIBER,
                BankProduct.CREDIT_CARD,
                Channel.MOBILE_APP);
    }

    /** One valid event of every input topic (and of the multi-type topics' main types). */
    public static List<InputEvent> oneOfEach() {
        return List.of(
                call(),
                sms(),
                dataSession(),
                simSwap(),
                roamingEntry(),
                topUp(),
                roamingPackage(),
                spamComplaint(),
                transfer(),
                cardPayment(),
                newDeviceLogin(),
                cardOpened());
    }
}
