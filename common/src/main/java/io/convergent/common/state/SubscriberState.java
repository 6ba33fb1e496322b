package io.convergent.common.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.convergent.common.event.CallEvent;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.NetworkEventType;
import io.convergent.common.event.SmsEvent;
import io.convergent.common.identity.ServiceAddresses;
import io.convergent.common.immunity.ImmunityRules;
import java.util.Objects;

/**
 * What is true of one subscriber right now, as far as the network knows it: the call in progress
 * (known from the switch's answer signal or from the call's record, whichever comes first) or the
 * last one, and whether its other party is a stranger, roaming and where, the last SIM swap and
 * handset change, unconditional call forwarding. The speed layer folds every event into it ({@link
 * #apply}) and publishes it to {@code subscriber.state}; serving answers transfer risk and the
 * CAMARA endpoints from it. Each aspect keeps the event time it was last changed at, and an older
 * event never overwrites a newer one, so the fold does not depend on arrival order.
 *
 * <p>Times are epoch milliseconds, 0 for never. Holds pseudonyms only. Mutable, a Flink POJO and a
 * Jackson bean (format {@value #FORMAT}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class SubscriberState {

    public static final int FORMAT = 1;

    /** How many recent counterparts are remembered to tell a known number from a stranger. */
    static final int CONTACTS = 32;

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private static final int HOME_MCC = ImmunityRules.standard().homeMcc();

    public int format = FORMAT;
    public String subscriber;

    /** The latest event time folded in. */
    public long updatedAt;

    /** The other party of the last answered call; {@code null} when withheld. */
    public String callCounterpart;

    /** Whether the last answered call was received rather than placed. */
    public boolean callIncoming;

    /** Whether its other party was among the subscriber's recent contacts before the call. */
    public boolean callCounterpartKnown;

    public long callAnsweredAt;

    /**
     * When the last answered call ended; while only its answer is known (a {@link
     * NetworkEventType#CALL_ANSWERED} signal, its record not yet come), when it is presumed over:
     * {@link #CALL_PRESUMED_LENGTH} after the answer.
     */
    public long callEndsAt;

    /**
     * How long a call whose answer was signalled is presumed to go on until its record says when it
     * ended. The switch writes a call's record at release; one that never comes must not leave its
     * subscriber "on a call" for ever. Scam calls run for an hour or two at most.
     */
    public static final java.time.Duration CALL_PRESUMED_LENGTH = java.time.Duration.ofHours(4);

    /**
     * How far apart the answer times of one call may lie in the switch's signal and in its record:
     * the two are stamped by different parts of the network.
     */
    static final long SAME_CALL_TOLERANCE_MILLIS = 5_000;

    public boolean roaming;

    /** The visited network's country code while roaming, else 0. */
    public int roamingMcc;

    /** When the roaming status last changed. */
    public long roamingSince;

    /**
     * How far back a SIM swap is vouched for (CAMARA's monitored period): serving answers for it,
     * and the state of a subscriber must live at least this long after its last change, or a swap
     * followed by silence would be forgotten inside the period.
     */
    public static final java.time.Duration SIM_SWAP_MONITORED_PERIOD =
            java.time.Duration.ofDays(30);

    public long lastSimSwapAt;
    public long lastDeviceChangeAt;

    public boolean forwardingActive;
    public long forwardingChangedAt;

    /** Hashes of the recent counterparts' pseudonyms, a ring; not published. */
    @JsonIgnore public int[] contactHashes = new int[CONTACTS];

    @JsonIgnore public int contactCount;
    @JsonIgnore public int contactNext;

    public SubscriberState() {}

    public SubscriberState(String subscriber) {
        this.subscriber = Objects.requireNonNull(subscriber, "subscriber");
    }

    /**
     * Folds {@code event} in for this subscriber.
     *
     * @return whether anything published changed (a contact learnt alone is not)
     */
    public boolean apply(InputEvent event) {
        boolean changed = false;
        if (event instanceof CallEvent call) {
            changed = call(call);
        } else if (event instanceof SmsEvent sms) {
            if (subscriber.equals(sms.senderNumber())) {
                remember(sms.recipientNumber());
            }
        } else if (event instanceof NetworkEvent network && subscriber.equals(network.msisdn())) {
            changed = network(network);
        }
        if (changed) {
            updatedAt = Math.max(updatedAt, event.eventTime());
        }
        return changed;
    }

    /** Whether a call was in progress at {@code now}. */
    public boolean onCallAt(long now) {
        return callAnsweredAt > 0 && callAnsweredAt <= now && now < callEndsAt;
    }

    /** Whether the other party of the last call is a stranger: withheld or not a recent contact. */
    public boolean callWithStranger() {
        return callAnsweredAt > 0 && !callCounterpartKnown;
    }

    private boolean call(CallEvent call) {
        boolean placed = subscriber.equals(call.callingNumber());
        boolean received = subscriber.equals(call.calledNumber());
        if (!placed && !received) {
            return false;
        }
        String counterpart = placed ? call.calledNumber() : call.callingNumber();
        boolean known = known(counterpart, placed);
        boolean changed = false;
        if (call.answerTime() != null) {
            if (isLastCallWith(counterpart, !placed)
                    && answeredWithin(callAnsweredAt, call.answerTime(), call.endTime())) {
                // The record of the call whose answer was signalled: its end is known now, and
                // its times are the record's.
                changed = callAnsweredAt != call.answerTime() || callEndsAt != call.endTime();
                callAnsweredAt = call.answerTime();
                callEndsAt = call.endTime();
            } else if (call.answerTime() > callAnsweredAt
                    && displacesHeldCall(known, call.answerTime())) {
                answered(counterpart, !placed, known, call.answerTime(), call.endTime());
                changed = true;
            }
        }
        // A number becomes a contact once the subscriber dialled it or talked with it.
        if (counterpart != null && (placed || call.answerTime() != null)) {
            remember(counterpart);
        }
        return changed;
    }

    /**
     * A call answered and still going on, from the switch's signal: the subscriber is on it until
     * its record comes, or for {@link #CALL_PRESUMED_LENGTH} if none does.
     */
    private boolean callAnswered(NetworkEvent event) {
        String counterpart = event.counterpartNumber();
        boolean incoming = Boolean.TRUE.equals(event.incoming());
        long at = event.eventTime();
        // Its own record may have come first; an older call's signal changes nothing.
        if ((isLastCallWith(counterpart, incoming)
                        && answeredWithin(at, callAnsweredAt, callEndsAt))
                || at <= callAnsweredAt) {
            return false;
        }
        boolean known = known(counterpart, !incoming);
        // Talking with a number makes it a contact, as a call's record does.
        remember(counterpart);
        if (!displacesHeldCall(known, at)) {
            return false;
        }
        answered(counterpart, incoming, known, at, at + CALL_PRESUMED_LENGTH.toMillis());
        return true;
    }

    /**
     * Whether a call answered at {@code answeredAt} takes the held call's place. A call with a
     * known party does not displace a call with a stranger still going on: the victim of a fake
     * bank officer may take or make another call while the officer holds the line, and the bank
     * must still learn of the stranger.
     */
    private boolean displacesHeldCall(boolean known, long answeredAt) {
        boolean strangerOnTheLine =
                callAnsweredAt > 0 && !callCounterpartKnown && answeredAt < callEndsAt;
        return !(strangerOnTheLine && known);
    }

    private void answered(
            String counterpart, boolean incoming, boolean known, long answeredAt, long endsAt) {
        callCounterpart = counterpart;
        callIncoming = incoming;
        callCounterpartKnown = known;
        callAnsweredAt = answeredAt;
        callEndsAt = endsAt;
    }

    /** Whether the last answered call was with {@code counterpart}, the same way. */
    private boolean isLastCallWith(String counterpart, boolean incoming) {
        return callAnsweredAt > 0
                && incoming == callIncoming
                && Objects.equals(counterpart, callCounterpart);
    }

    /**
     * Whether a call's signalled answer lies within its recorded span, so that signal and record
     * are about one call. The two are stamped by different parts of the network: the signal may
     * come up to {@link #SAME_CALL_TOLERANCE_MILLIS} before the recorded answer.
     */
    private static boolean answeredWithin(long signalled, long recordedAnswer, long recordedEnd) {
        return signalled >= recordedAnswer - SAME_CALL_TOLERANCE_MILLIS && signalled <= recordedEnd;
    }

    /**
     * Whether {@code counterpart} is no stranger: a recent contact, or a short number the
     * subscriber dialled (the bank's 900, 112: an organisation's line). A short number that called
     * in may be forged, and counts like any other number.
     */
    private boolean known(String counterpart, boolean placed) {
        return counterpart != null
                && ((placed && ServiceAddresses.isServiceAddress(counterpart))
                        || isContact(counterpart));
    }

    private boolean network(NetworkEvent event) {
        long at = event.eventTime();
        switch (event.type()) {
            case CALL_ANSWERED -> {
                return callAnswered(event);
            }
            case ROAMING_ENTRY -> {
                return roamingAt(true, event.mcc() == null ? 0 : event.mcc(), at);
            }
            case ROAMING_EXIT -> {
                return roamingAt(false, 0, at);
            }
            case LOCATION_UPDATE -> {
                if (event.mcc() == null) {
                    return false;
                }
                boolean abroad = event.mcc() != HOME_MCC;
                return roamingAt(abroad, abroad ? event.mcc() : 0, at);
            }
            case SIM_SWAP -> {
                if (at <= lastSimSwapAt) {
                    return false;
                }
                lastSimSwapAt = at;
                return true;
            }
            case DEVICE_CHANGE -> {
                if (at <= lastDeviceChangeAt) {
                    return false;
                }
                lastDeviceChangeAt = at;
                return true;
            }
            case CALL_FORWARDING_ON, CALL_FORWARDING_OFF -> {
                if (at < forwardingChangedAt) {
                    return false;
                }
                forwardingActive = event.type() == NetworkEventType.CALL_FORWARDING_ON;
                forwardingChangedAt = at;
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** A location update while already abroad in the same network changes nothing. */
    private boolean roamingAt(boolean abroad, int mcc, long at) {
        if (at < roamingSince) {
            return false;
        }
        if (abroad == roaming && mcc == roamingMcc && roamingSince > 0) {
            return false;
        }
        roaming = abroad;
        roamingMcc = mcc;
        roamingSince = at;
        return true;
    }

    /** The published JSON record of {@code subscriber.state}. */
    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a subscriber state did not serialise", e);
        }
    }

    /**
     * Reads {@link #toJson}'s record.
     *
     * @throws IllegalArgumentException when it is not JSON, of another format, or has no subscriber
     */
    public static SubscriberState fromJson(byte[] json) {
        SubscriberState state;
        try {
            state = JSON.readValue(json, SubscriberState.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // The original message only: Jackson's full one quotes the payload.
            throw new IllegalArgumentException(
                    "a subscriber state is not readable JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("a subscriber state is not readable JSON");
        }
        if (state.format != FORMAT) {
            throw new IllegalArgumentException(
                    "not a subscriber state of format " + FORMAT + ": format " + state.format);
        }
        if (state.subscriber == null || state.subscriber.isEmpty()) {
            throw new IllegalArgumentException("a subscriber state without a subscriber");
        }
        return state;
    }

    boolean isContact(String pseudonym) {
        int hash = pseudonym.hashCode();
        for (int i = 0; i < contactCount; i++) {
            if (contactHashes[i] == hash) {
                return true;
            }
        }
        return false;
    }

    private void remember(String pseudonym) {
        if (pseudonym == null || isContact(pseudonym)) {
            return;
        }
        contactHashes[contactNext] = pseudonym.hashCode();
        contactNext = (contactNext + 1) % CONTACTS;
        contactCount = Math.min(contactCount + 1, CONTACTS);
    }
}
