package io.convergent.common.event;

/**
 * The currency the platform's money figures and thresholds are in: roubles, in kopecks. An amount
 * in another currency is not converted (no rate is known here) and so is not a rouble amount: the
 * feature tiles do not add it and the campaign thresholds do not compare it.
 */
public final class Money {

    /** ISO 4217 code of the figures' currency. */
    public static final String HOME_CURRENCY = "RUB";

    private Money() {}

    /** {@code amountMinor} if it is in roubles, else {@code null}. */
    public static Long inRoubles(Long amountMinor, String currency) {
        return HOME_CURRENCY.equals(currency) ? amountMinor : null;
    }
}
