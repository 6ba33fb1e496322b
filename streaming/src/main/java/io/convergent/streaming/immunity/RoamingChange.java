package io.convergent.streaming.immunity;

/**
 * One of our subscribers registered in a foreign network ({@code abroad}) or back home, from a
 * roaming entry or exit or a location update on {@code telco.network}; or seen abroad, from a data
 * session in a foreign network on {@code telco.data}.
 *
 * @param subscriber pseudonym of the subscriber's number
 * @param eventTime when the network recorded it, epoch ms
 */
public record RoamingChange(String subscriber, boolean abroad, long eventTime) {}
