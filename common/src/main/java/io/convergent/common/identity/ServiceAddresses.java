package io.convergent.common.identity;

/**
 * Addresses that are not a subscriber's phone number but are everyday traffic: short service
 * numbers ({@code 112}, {@code 900}, {@code 0611}, an SMS short code such as {@code 7377}) and the
 * alphanumeric sender names banks and shops send SMS from ({@code SBERBANK}, {@code Ozon}).
 *
 * <p>Their canonical form is the address as written, which never starts with {@code +}, so it can
 * never be taken for an E.164 number. They are pseudonymised like phone numbers all the same (the
 * fields that hold them are identifier fields): one rule for every value of such a field, and a
 * short code's owner can be a person's business line.
 */
public final class ServiceAddresses {

    /**
     * Shortest and longest short number: {@code 01}..{@code 04} up to six-digit SMS short codes.
     */
    static final int SHORT_CODE_MIN_DIGITS = 2;

    static final int SHORT_CODE_MAX_DIGITS = 6;

    /**
     * Longest sender name: an alphanumeric originating address holds 11 GSM 7-bit characters (3GPP
     * TS 23.040, 9.1.2.5).
     */
    static final int SENDER_NAME_MAX_CHARS = 11;

    private ServiceAddresses() {}

    /** {@code raw} if it is a short service number (2-6 digits), else {@code null}. */
    public static String shortCode(String raw) {
        if (raw == null
                || raw.length() < SHORT_CODE_MIN_DIGITS
                || raw.length() > SHORT_CODE_MAX_DIGITS) {
            return null;
        }
        for (int i = 0; i < raw.length(); i++) {
            if (!isDigit(raw.charAt(i))) {
                return null;
            }
        }
        return raw;
    }

    /**
     * {@code raw} if it is an SMS sender name: 1-11 Latin letters, digits, spaces and {@code
     * .-_&'}, with at least one letter, not starting or ending with a space. Else {@code null}.
     */
    public static String senderName(String raw) {
        if (raw == null
                || raw.isEmpty()
                || raw.length() > SENDER_NAME_MAX_CHARS
                || raw.charAt(0) == ' '
                || raw.charAt(raw.length() - 1) == ' ') {
            return null;
        }
        boolean letter = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
                letter = true;
            } else if (!isDigit(c) && " .-_&'".indexOf(c) < 0) {
                return null;
            }
        }
        return letter ? raw : null;
    }

    /** Whether {@code address} is a short number or a sender name (never an E.164 number). */
    public static boolean isServiceAddress(String address) {
        return shortCode(address) != null || senderName(address) != null;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
