package io.convergent.infra.generator;

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
import io.convergent.common.event.Ingress;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.NetworkEventType;
import io.convergent.common.event.ReleaseCause;
import java.util.SplittableRandom;

/** Short constructors of the event records for the behaviour models. */
final class Events {

    static final String CURRENCY = "RUB";
    static final int HOME_MCC = 250;
    static final int HOME_MNC = 62;

    private Events() {}

    /**
     * A call attempt: answered with probability {@code answerProbability} after a few rings, with a
     * log-normal talk time around {@code talkMedianSeconds}; otherwise released unanswered with a
     * plausible cause and ringing time.
     */
    static CallEvent call(
            SplittableRandom rng,
            String id,
            String calling,
            String called,
            Ingress ingress,
            long start,
            double answerProbability,
            double talkMedianSeconds,
            String callingImsi,
            String cellId) {
        if (rng.nextDouble() < answerProbability) {
            long answer = start + rng.nextLong(3 * Times.SECOND, 15 * Times.SECOND);
            long talk =
                    Randoms.logNormal(
                            rng, talkMedianSeconds * 1000, 0.9, 2 * Times.SECOND, Times.HOUR);
            return new CallEvent(
                    id,
                    start,
                    id,
                    calling,
                    called,
                    ingress,
                    start,
                    answer,
                    answer + talk,
                    ReleaseCause.NORMAL,
                    callingImsi,
                    cellId);
        }
        double u = rng.nextDouble();
        ReleaseCause cause;
        long ringing;
        if (u < 0.6) {
            cause = ReleaseCause.NO_ANSWER;
            ringing = rng.nextLong(15 * Times.SECOND, 40 * Times.SECOND);
        } else if (u < 0.8) {
            cause = ReleaseCause.BUSY;
            ringing = rng.nextLong(Times.SECOND, 4 * Times.SECOND);
        } else if (u < 0.93) {
            cause = ReleaseCause.REJECTED;
            ringing = rng.nextLong(3 * Times.SECOND, 12 * Times.SECOND);
        } else {
            cause = ReleaseCause.UNREACHABLE;
            ringing = rng.nextLong(Times.SECOND, 3 * Times.SECOND);
        }
        return unanswered(
                id, calling, called, ingress, start, start + ringing, cause, callingImsi, cellId);
    }

    static CallEvent answered(
            String id,
            String calling,
            String called,
            Ingress ingress,
            long start,
            long answer,
            long end,
            String callingImsi,
            String cellId) {
        return new CallEvent(
                id,
                start,
                id,
                calling,
                called,
                ingress,
                start,
                answer,
                end,
                ReleaseCause.NORMAL,
                callingImsi,
                cellId);
    }

    static CallEvent unanswered(
            String id,
            String calling,
            String called,
            Ingress ingress,
            long start,
            long end,
            ReleaseCause cause,
            String callingImsi,
            String cellId) {
        return new CallEvent(
                id,
                start,
                id,
                calling,
                called,
                ingress,
                start,
                null,
                end,
                cause,
                callingImsi,
                cellId);
    }

    static NetworkEvent locationUpdate(
            String id, long time, String msisdn, String imsi, int mcc, int mnc, String cellId) {
        return new NetworkEvent(
                id,
                time,
                NetworkEventType.LOCATION_UPDATE,
                msisdn,
                imsi,
                null,
                null,
                null,
                mcc,
                mnc,
                cellId,
                null,
                null,
                null,
                null);
    }

    static NetworkEvent roamingEntry(
            String id, long time, String msisdn, String imsi, int mcc, int mnc) {
        return new NetworkEvent(
                id,
                time,
                NetworkEventType.ROAMING_ENTRY,
                msisdn,
                imsi,
                null,
                null,
                null,
                mcc,
                mnc,
                null,
                null,
                null,
                null,
                null);
    }

    static NetworkEvent roamingExit(String id, long time, String msisdn, String imsi) {
        return new NetworkEvent(
                id,
                time,
                NetworkEventType.ROAMING_EXIT,
                msisdn,
                imsi,
                null,
                null,
                null,
                HOME_MCC,
                HOME_MNC,
                null,
                null,
                null,
                null,
                null);
    }

    static NetworkEvent simSwap(
            String id,
            long time,
            String msisdn,
            String newImsi,
            String previousImsi,
            String cellId) {
        return new NetworkEvent(
                id,
                time,
                NetworkEventType.SIM_SWAP,
                msisdn,
                newImsi,
                previousImsi,
                null,
                null,
                HOME_MCC,
                HOME_MNC,
                cellId,
                null,
                null,
                null,
                null);
    }

    static NetworkEvent deviceChange(
            String id, long time, String msisdn, String imsi, String imei, String previousImei) {
        return new NetworkEvent(
                id,
                time,
                NetworkEventType.DEVICE_CHANGE,
                msisdn,
                imsi,
                null,
                imei,
                previousImei,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    static NetworkEvent forwarding(
            String id, long time, String msisdn, boolean on, String forwardedTo) {
        return new NetworkEvent(
                id,
                time,
                on ? NetworkEventType.CALL_FORWARDING_ON : NetworkEventType.CALL_FORWARDING_OFF,
                msisdn,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                on ? forwardedTo : null,
                null,
                null,
                null);
    }

    static NetworkEvent portOut(String id, long time, String msisdn, String recipientOperator) {
        return new NetworkEvent(
                id,
                time,
                NetworkEventType.PORT_OUT_REQUEST,
                msisdn,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                recipientOperator,
                null,
                null);
    }

    static BillingEvent billing(
            String id,
            long time,
            BillingEventType type,
            String msisdn,
            Long amountMinor,
            long balanceMinor,
            BillingProduct product,
            Channel channel) {
        return new BillingEvent(
                id, time, type, msisdn, amountMinor, balanceMinor, CURRENCY, product, channel);
    }

    static ComplaintEvent complaint(
            String id,
            long time,
            String msisdn,
            ComplaintCategory category,
            Channel channel,
            String reportedNumber) {
        return new ComplaintEvent(id, time, msisdn, category, channel, reportedNumber);
    }

    static BankTransactionEvent transfer(
            String id,
            long time,
            Subscriber subscriber,
            long amountMinor,
            Channel channel,
            String beneficiary,
            boolean beneficiaryNew) {
        BankCustomer bank = subscriber.bank;
        return new BankTransactionEvent(
                id,
                time,
                BankTransactionType.TRANSFER,
                bank.customerId(),
                subscriber.msisdn,
                bank.accountNumber(),
                amountMinor,
                CURRENCY,
                channel,
                null,
                null,
                beneficiary,
                beneficiaryNew);
    }

    static BankTransactionEvent cardPayment(
            String id,
            long time,
            Subscriber subscriber,
            long amountMinor,
            Channel channel,
            int merchantCategoryCode) {
        BankCustomer bank = subscriber.bank;
        return new BankTransactionEvent(
                id,
                time,
                BankTransactionType.CARD_PAYMENT,
                bank.customerId(),
                subscriber.msisdn,
                bank.accountNumber(),
                amountMinor,
                CURRENCY,
                channel,
                bank.cardNumber(),
                merchantCategoryCode,
                null,
                null);
    }

    static BankSessionEvent session(
            String id,
            long time,
            BankSessionType type,
            Subscriber subscriber,
            String deviceId,
            boolean newDevice,
            Channel channel) {
        return new BankSessionEvent(
                id,
                time,
                type,
                subscriber.bank.customerId(),
                subscriber.msisdn,
                deviceId,
                newDevice,
                channel);
    }

    static BankProductEvent product(
            String id,
            long time,
            BankProductEventType type,
            Subscriber subscriber,
            BankProduct product,
            Channel channel) {
        return new BankProductEvent(
                id, time, type, subscriber.bank.customerId(), subscriber.msisdn, product, channel);
    }
}
