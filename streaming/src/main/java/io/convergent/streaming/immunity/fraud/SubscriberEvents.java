package io.convergent.streaming.immunity.fraud;

import io.convergent.common.event.BankSessionEvent;
import io.convergent.common.event.BankSessionType;
import io.convergent.common.event.BankTransactionEvent;
import io.convergent.common.event.BankTransactionType;
import io.convergent.common.event.CallEvent;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.identity.IdentifierKind;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.streaming.immunity.fraud.SubscriberEvent.Kind;
import java.util.function.Consumer;

/**
 * The {@link SubscriberEvent}s a parsed input event makes, for the screening to hand to the fraud
 * patterns (it has parsed and pseudonymised the event already): each call once or twice (received
 * by the callee, placed by the caller, for whichever of them is our subscriber), SIM swaps and call
 * forwarding, logins from a new device, transfers to a new beneficiary. Identifiers arrive in
 * canonical form and leave as pseudonyms.
 */
public final class SubscriberEvents {

    private SubscriberEvents() {}

    /**
     * @param caller the caller's pseudonym
     * @param callee the callee's pseudonym
     */
    public static void ofCall(
            CallEvent call,
            String caller,
            boolean callerIsOurs,
            String callee,
            boolean calleeIsOurs,
            Consumer<SubscriberEvent> out) {
        long duration = call.endTime() - call.startTime();
        if (calleeIsOurs) {
            out.accept(
                    event(
                            callee,
                            null,
                            Kind.INBOUND_CALL,
                            call.eventId(),
                            call.startTime(),
                            caller,
                            duration));
        }
        if (callerIsOurs) {
            out.accept(
                    event(
                            caller,
                            null,
                            Kind.OUTBOUND_CALL,
                            call.eventId(),
                            call.startTime(),
                            callee,
                            duration));
        }
    }

    /** A SIM swap, or call forwarding switched on or off; {@code null} for anything else. */
    public static SubscriberEvent ofNetwork(NetworkEvent event, Pseudonymiser pseudonymiser) {
        Kind kind =
                switch (event.type()) {
                    case SIM_SWAP -> Kind.SIM_SWAP;
                    case CALL_FORWARDING_ON -> Kind.CALL_FORWARDING_ON;
                    case CALL_FORWARDING_OFF -> Kind.CALL_FORWARDING_OFF;
                    default -> null;
                };
        if (kind == null) {
            return null;
        }
        return event(
                msisdn(pseudonymiser, event.msisdn()),
                null,
                kind,
                event.eventId(),
                event.eventTime(),
                null,
                0);
    }

    /**
     * A login, or a failed attempt, from a device the bank had never seen; {@code null} for
     * anything else. An attempt counts: whoever holds a swapped SIM tries the victim's credentials
     * from their own phone, and the record of the login that then succeeds may be the one lost.
     */
    public static SubscriberEvent ofSession(BankSessionEvent session, Pseudonymiser pseudonymiser) {
        if (session.msisdn() == null
                || session.type() == BankSessionType.LOGOUT
                || !session.newDevice()) {
            return null;
        }
        return event(
                msisdn(pseudonymiser, session.msisdn()),
                customer(pseudonymiser, session.customerId()),
                Kind.NEW_DEVICE_LOGIN,
                session.eventId(),
                session.eventTime(),
                null,
                0);
    }

    /** A transfer to a new beneficiary; {@code null} for anything else. */
    public static SubscriberEvent ofTransaction(
            BankTransactionEvent tx, Pseudonymiser pseudonymiser) {
        if (tx.msisdn() == null
                || tx.type() != BankTransactionType.TRANSFER
                || !Boolean.TRUE.equals(tx.beneficiaryNew())) {
            return null;
        }
        return event(
                msisdn(pseudonymiser, tx.msisdn()),
                customer(pseudonymiser, tx.customerId()),
                Kind.TRANSFER_TO_NEW_BENEFICIARY,
                tx.eventId(),
                tx.eventTime(),
                null,
                0);
    }

    private static String msisdn(Pseudonymiser pseudonymiser, String canonical) {
        return pseudonymiser.pseudonymiseCanonical(IdentifierKind.MSISDN, canonical);
    }

    private static String customer(Pseudonymiser pseudonymiser, String canonical) {
        return pseudonymiser.pseudonymiseCanonical(IdentifierKind.CUSTOMER_ID, canonical);
    }

    private static SubscriberEvent event(
            String subscriber,
            String customer,
            Kind kind,
            String eventId,
            long time,
            String counterpart,
            long durationMillis) {
        return new SubscriberEvent(
                subscriber, customer, kind, eventId, time, counterpart, durationMillis, false);
    }
}
