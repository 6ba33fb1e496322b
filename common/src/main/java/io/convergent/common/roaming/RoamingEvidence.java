package io.convergent.common.roaming;

import io.convergent.common.event.DataSessionEvent;
import io.convergent.common.event.NetworkEvent;

/**
 * What an event says about where one of our subscribers is: abroad, at home, or nothing. One rule
 * for every reader of roaming (the caller-id check, the subscriber state serving answers from).
 */
public final class RoamingEvidence {

    private RoamingEvidence() {}

    /**
     * {@code TRUE} for a roaming entry or a location update under a foreign MCC, {@code FALSE} for
     * a roaming exit or a location update at home, {@code null} for any other event or a location
     * update without an MCC.
     */
    public static Boolean abroad(NetworkEvent event, int homeMcc) {
        return switch (event.type()) {
            case ROAMING_ENTRY -> Boolean.TRUE;
            case ROAMING_EXIT -> Boolean.FALSE;
            case LOCATION_UPDATE -> event.mcc() == null ? null : event.mcc() != homeMcc;
            default -> null;
        };
    }

    /**
     * Whether a data session ran in a foreign network. A session at home says nothing: the
     * network's return events say when a traveller is back, and a record closed after the return
     * would undo it.
     */
    public static boolean abroad(DataSessionEvent session, int homeMcc) {
        return session.visitedMcc() != null && session.visitedMcc() != homeMcc;
    }
}
