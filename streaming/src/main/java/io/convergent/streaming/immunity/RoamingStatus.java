package io.convergent.streaming.immunity;

/**
 * What the caller-id check remembers of one of our numbers: abroad since a time, or back home since
 * a time (kept briefly, for calls placed abroad that are screened after the return).
 */
public record RoamingStatus(boolean abroad, long since) {}
