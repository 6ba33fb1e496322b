package io.convergent.common.identity;

/**
 * Addresses that are not a subscriber's phone number but are everyday traffic: short service
 * numbers ({@code 112}, {@code 900}, {@code 0611}, an SMS short code such as {@code 7377}) and the
 * alphanumeric sender names banks and shops send SMS from ({@code SBERBANK}, {@code Ozon}).
 *
 * <p>Their canonical form is the address as written behind {@value #PREFIX} ({@code svc:900},
 * {@code svc:SBERBANK}), which can never be taken for an E.164 number or a pseudonym. It is kept in
 * clear where numbers are pseudonymised ({@link Pseudonymiser#pseudonymiseCanonical} passes it
 * through): it names an organisation's line, not a person, and consumers must tell it apart from a
 * subscriber's number (no subscriber state or tiles of its own, no caller reputation: a bank's 900
 * would be one hot key, and complaints about forgeries of it would sink the real one).
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

    /** What every canonical service address starts with. */
    public static final String PREFIX = "svc:";

    private ServiceAddresses() {}

    /**
     * The canonical form of {@code raw} if it is a short service number (2-6 digits), else null.
     */
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
        return PREFIX + raw;
    }

    /**
     * The canonical form of {@code raw} if it is an SMS sender name: 1-11 Latin letters, digits,
     * spaces and {@code .-_&'}, with at least one letter and no run of 5 or more digits (a name,
     * not a phone number with a letter in it), not starting or ending with a space. Else {@code
     * null}.
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
        int digitRun = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            digitRun = isDigit(c) ? digitRun + 1 : 0;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
                letter = true;
            } else if (!isDigit(c) && " .-_&'".indexOf(c) < 0 || digitRun >= 5) {
                return null;
            }
        }
        return letter ? PREFIX + raw : null;
    }

    /**
     * Whether {@code value} is a canonical service address: {@code svc:} and a short code or sender
     * name. Anything else behind the prefix ({@code svc:+79161234567}, as a producer might present
     * a caller id) is not one, and is pseudonymised like any other value.
     */
    public static boolean isServiceAddress(String value) {
        if (value == null || !value.startsWith(PREFIX)) {
            return false;
        }
        String address = value.substring(PREFIX.length());
        return shortCode(address) != null || senderName(address) != null;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
