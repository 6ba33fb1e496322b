package io.convergent.streaming.immunity;

/**
 * One of our subscribers registered in a foreign network ({@code abroad}) or back home, from a
 * roaming entry or exit or a location update on {@code telco.network}; or seen abroad, from a data
 * session in a foreign network on {@code telco.data}.
 *
 * @param subscriber pseudonym of the subscriber's number
 * @param eventTime when the network recorded it, epoch ms
 * @param exit a roaming exit: a return only a traveller makes, remembered even when nothing else is
 *     held for the subscriber, against evidence of the stay read after it
 */
public record RoamingChange(String subscriber, boolean abroad, long eventTime, boolean exit) {

    /** A change that is not a roaming exit. */
    public RoamingChange(String subscriber, boolean abroad, long eventTime) {
        this(subscriber, abroad, eventTime, false);
    }

    /** A roaming exit: back home at {@code eventTime}. */
    public static RoamingChange exit(String subscriber, long eventTime) {
        return new RoamingChange(subscriber, false, eventTime, true);
    }
}
