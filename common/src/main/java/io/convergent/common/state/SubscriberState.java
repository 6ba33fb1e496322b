package io.convergent.common.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSetter;
import io.convergent.common.event.CallEvent;
import io.convergent.common.event.DataSessionEvent;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.NetworkEventType;
import io.convergent.common.event.SmsEvent;
import io.convergent.common.identity.ServiceAddresses;
import io.convergent.common.immunity.ImmunityRules;
import io.convergent.common.roaming.RoamingEvidence;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * What is true of one subscriber right now, as far as the network knows it: the latest answered
 * calls (known from the switch's answer signal or from the call's record, whichever comes first),
 * going on or over, and whether each other party is a stranger, roaming and where (from the
 * network's roaming events and from data sessions in a foreign network), the last SIM swap and
 * handset change, unconditional call forwarding. The speed layer folds every event into it ({@link
 * #apply}) and publishes it to {@code subscriber.state}; serving answers transfer risk and the
 * CAMARA endpoints from it. Each aspect keeps the event time it was last changed at, and an older
 * event never overwrites a newer one, so the fold does not depend on arrival order (for the calls,
 * within the {@value #CALLS} held).
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

    /**
     * How many answered calls are remembered: enough for a call taken while a stranger holds the
     * line (call waiting) and for the signal and record of one call to arrive apart.
     */
    public static final int CALLS = 4;

    /**
     * The subscriber's latest answered calls, the earliest answer first, at most {@link #CALLS}.
     * Each is known from the switch's {@link NetworkEventType#CALL_ANSWERED} signal, from its
     * record, or both: the record of a signalled call ends it.
     */
    public AnsweredCall[] calls = new AnsweredCall[0];

    /**
     * How long a call whose answer was signalled is presumed to go on until its record says when it
     * ended. The switch writes a call's record at release; one that never comes must not leave its
     * subscriber "on a call" for ever. Scam calls run for an hour or two at most.
     */
    public static final Duration CALL_PRESUMED_LENGTH = Duration.ofHours(4);

    /**
     * How far apart the answer times of one call may lie in the switch's signal and in its record,
     * stamped by different parts of the network.
     */
    static final long SAME_CALL_TOLERANCE_MILLIS = 30_000;

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
    public static final Duration SIM_SWAP_MONITORED_PERIOD = Duration.ofDays(30);

    public long lastSimSwapAt;
    public long lastDeviceChangeAt;

    public boolean forwardingActive;
    public long forwardingChangedAt;

    /** Hashes of the recent counterparts' pseudonyms, a ring; not published. */
    @JsonIgnore public int[] contactHashes = new int[CONTACTS];

    @JsonIgnore public int contactCount;
    @JsonIgnore public int contactNext;

    /** The one call of a record published before {@link #calls}; read, never written. */
    private transient AnsweredCall legacyCall;

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
        } else if (event instanceof DataSessionEvent session
                && subscriber.equals(session.msisdn())
                && RoamingEvidence.abroad(session, HOME_MCC)) {
            // Abroad since the session began: one that began before the last return is from the
            // stay that return ended, and changes nothing.
            changed = roamingAt(true, session.visitedMcc(), session.startTime());
        }
        if (changed) {
            updatedAt = Math.max(updatedAt, event.eventTime());
        }
        return changed;
    }

    /** Whether a call was in progress at {@code now}. */
    public boolean onCallAt(long now) {
        for (AnsweredCall call : calls) {
            if (call.onAt(now)) {
                return true;
            }
        }
        return false;
    }

    /** The call answered last, if any. */
    public Optional<AnsweredCall> lastCall() {
        return calls.length == 0 ? Optional.empty() : Optional.of(calls[calls.length - 1]);
    }

    private boolean call(CallEvent call) {
        boolean placed = subscriber.equals(call.callingNumber());
        boolean received = subscriber.equals(call.calledNumber());
        if (!placed && !received) {
            return false;
        }
        String counterpart = placed ? call.calledNumber() : call.callingNumber();
        boolean changed = false;
        if (call.answerTime() != null) {
            changed = recorded(counterpart, received, call.answerTime(), call.endTime());
        }
        // A number becomes a contact once the subscriber dialled it or talked with it.
        if (counterpart != null && (placed || call.answerTime() != null)) {
            remember(counterpart);
        }
        return changed;
    }

    /**
     * A call's record: it ends the call whose answer was signalled, if that is among the calls held
     * ({@link #sameCall}; of several, the one signalled nearest its answer), else it is a call of
     * its own. One is not on two calls with one party at once: a call with the same number
     * signalled earlier and presumed still going on was over by this one's answer (not so for a
     * withheld number or a short one, which many callers present).
     */
    private boolean recorded(String counterpart, boolean incoming, long answeredAt, long endsAt) {
        AnsweredCall signalled = null;
        for (AnsweredCall held : calls) {
            if (!held.with(counterpart, incoming)) {
                continue;
            }
            if (!held.endPresumed && held.answeredAt == answeredAt) {
                return false; // the same record again
            }
            if (held.endPresumed
                    && sameCall(held.answeredAt, answeredAt, endsAt)
                    && (signalled == null
                            || Math.abs(held.answeredAt - answeredAt)
                                    < Math.abs(signalled.answeredAt - answeredAt))) {
                signalled = held;
            }
        }
        boolean changed;
        if (signalled != null) {
            signalled.answeredAt = answeredAt;
            signalled.endsAt = endsAt;
            signalled.endPresumed = false;
            changed = true;
        } else {
            changed =
                    hold(
                            new AnsweredCall(
                                    counterpart,
                                    incoming,
                                    known(counterpart, !incoming),
                                    answeredAt,
                                    endsAt,
                                    false));
        }
        for (AnsweredCall held : calls) {
            if (held.endPresumed
                    && namesOneParty(counterpart)
                    && held.with(counterpart, incoming)
                    && held.answeredAt < answeredAt
                    && held.endsAt > answeredAt) {
                held.endsAt = answeredAt;
                changed = true;
            }
        }
        sortCalls();
        return changed;
    }

    /**
     * The switch's signal of a call answered and going on: the subscriber is on it until its record
     * comes, or for {@link #CALL_PRESUMED_LENGTH} if none does. A signal of a call whose record
     * came first changes nothing.
     */
    private boolean callAnswered(NetworkEvent event) {
        String counterpart = event.counterpartNumber();
        boolean incoming = Boolean.TRUE.equals(event.incoming());
        long at = event.eventTime();
        for (AnsweredCall held : calls) {
            if (held.with(counterpart, incoming)
                    && (held.endPresumed
                            ? Math.abs(at - held.answeredAt) <= SAME_CALL_TOLERANCE_MILLIS
                            : sameCall(at, held.answeredAt, held.endsAt))) {
                return false;
            }
        }
        boolean changed =
                hold(
                        new AnsweredCall(
                                counterpart,
                                incoming,
                                known(counterpart, !incoming),
                                at,
                                at + CALL_PRESUMED_LENGTH.toMillis(),
                                true));
        // Talking with a number makes it a contact, as a call's record does.
        remember(counterpart);
        return changed;
    }

    /**
     * Whether a call with one other party, one way round, signalled as answered at {@code
     * signalled} is the call recorded from {@code recordedAnswer} to {@code recordedEnd}: whether
     * the signal lies within the recorded call, give or take {@link #SAME_CALL_TOLERANCE_MILLIS}
     * (the two stamps come from different parts of the network). A history replayed faster than
     * real time keeps a call's length but not the time between records, so its signal may lie well
     * after the recorded answer: still within the call.
     */
    static boolean sameCall(long signalled, long recordedAnswer, long recordedEnd) {
        return signalled >= recordedAnswer - SAME_CALL_TOLERANCE_MILLIS
                && signalled <= recordedEnd + SAME_CALL_TOLERANCE_MILLIS;
    }

    /** Whether {@code counterpart} is one party's number, not withheld nor a short number. */
    private static boolean namesOneParty(String counterpart) {
        return counterpart != null && !ServiceAddresses.isServiceAddress(counterpart);
    }

    /**
     * Adds {@code call} to the calls held. When full, one is given up: the earliest answered that
     * is not a stranger's call presumed still going on (the fake officer holding the line while the
     * victim takes other calls), or the earliest of all if every one is; {@code call} itself when
     * it is the one.
     */
    private boolean hold(AnsweredCall call) {
        AnsweredCall[] more = Arrays.copyOf(calls, calls.length + 1);
        more[calls.length] = call;
        Arrays.sort(more, Comparator.comparingLong(c -> c.answeredAt));
        if (more.length > CALLS) {
            int givenUp = 0;
            for (int i = 0; i < more.length; i++) {
                if (!(more[i].endPresumed && more[i].withStranger())) {
                    givenUp = i;
                    break;
                }
            }
            if (more[givenUp] == call) {
                return false;
            }
            AnsweredCall[] kept = new AnsweredCall[CALLS];
            System.arraycopy(more, 0, kept, 0, givenUp);
            System.arraycopy(more, givenUp + 1, kept, givenUp, CALLS - givenUp);
            more = kept;
        }
        calls = more;
        return true;
    }

    private void sortCalls() {
        Arrays.sort(calls, Comparator.comparingLong(c -> c.answeredAt));
    }

    /**
     * Whether {@code counterpart} is no stranger: a recent contact, or a short number the
     * subscriber dialled (the bank's 900, 112: an organisation's line). A short number that called
     * in may be forged, and is a stranger whoever dialled it lately: it is the number fake bank
     * officers present.
     */
    private boolean known(String counterpart, boolean placed) {
        if (counterpart == null) {
            return false;
        }
        return ServiceAddresses.isServiceAddress(counterpart) ? placed : isContact(counterpart);
    }

    private boolean network(NetworkEvent event) {
        long at = event.eventTime();
        switch (event.type()) {
            case CALL_ANSWERED -> {
                return callAnswered(event);
            }
            case ROAMING_ENTRY, ROAMING_EXIT, LOCATION_UPDATE -> {
                Boolean abroad = RoamingEvidence.abroad(event, HOME_MCC);
                if (abroad == null) {
                    return false;
                }
                return roamingAt(abroad, abroad && event.mcc() != null ? event.mcc() : 0, at);
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
        if (state.calls == null) {
            state.calls = new AnsweredCall[0];
        }
        state.calls =
                Arrays.stream(state.calls).filter(Objects::nonNull).toArray(AnsweredCall[]::new);
        if (state.calls.length == 0
                && state.legacyCall != null
                && state.legacyCall.answeredAt > 0) {
            state.calls = new AnsweredCall[] {state.legacyCall};
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

    // The call fields of records published before {@link #calls}, so a state published by an
    // older build keeps its call until the subscriber's next event.

    @JsonSetter("callCounterpart")
    void legacyCounterpart(String counterpart) {
        legacy().counterpart = counterpart;
    }

    @JsonSetter("callIncoming")
    void legacyIncoming(boolean incoming) {
        legacy().incoming = incoming;
    }

    @JsonSetter("callCounterpartKnown")
    void legacyCounterpartKnown(boolean known) {
        legacy().counterpartKnown = known;
    }

    @JsonSetter("callAnsweredAt")
    void legacyAnsweredAt(long answeredAt) {
        legacy().answeredAt = answeredAt;
    }

    @JsonSetter("callEndsAt")
    void legacyEndsAt(long endsAt) {
        legacy().endsAt = endsAt;
    }

    private AnsweredCall legacy() {
        if (legacyCall == null) {
            legacyCall = new AnsweredCall();
        }
        return legacyCall;
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
