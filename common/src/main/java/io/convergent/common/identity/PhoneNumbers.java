package io.convergent.common.identity;

/**
 * Normalises the ways people and systems write a phone number into E.164 ({@code +79123456789}).
 *
 * <p>Accepted: {@code +} followed by the international number, the {@code 00} international prefix,
 * and the home country's domestic forms (trunk prefix {@code 8} + national number, the national
 * number alone, or country code + national number without {@code +}). Spaces, dashes, dots and
 * parentheses are ignored. Anything else is not a phone number: the methods return {@code null}
 * rather than guess, because a wrong guess joins two people's records.
 */
public final class PhoneNumbers {

    /** Russia: country code 7, trunk prefix 8, ten-digit national numbers. */
    public static final PhoneNumbers RUSSIA = new PhoneNumbers("7", '8', 10);

    private static final int E164_MIN_DIGITS = 5;
    private static final int E164_MAX_DIGITS = 15;

    private final String countryCode;
    private final char trunkPrefix;
    private final int nationalLength;

    public PhoneNumbers(String countryCode, char trunkPrefix, int nationalLength) {
        if (countryCode == null || countryCode.isEmpty() || !allDigits(countryCode, 0)) {
            throw new IllegalArgumentException(
                    "country code must be digits, got '" + countryCode + "'");
        }
        if (trunkPrefix < '0' || trunkPrefix > '9') {
            throw new IllegalArgumentException(
                    "trunk prefix must be a digit, got '" + trunkPrefix + "'");
        }
        if (nationalLength < 4 || countryCode.length() + nationalLength > E164_MAX_DIGITS) {
            throw new IllegalArgumentException(
                    "national number length must be 4.."
                            + (E164_MAX_DIGITS - countryCode.length())
                            + ", got "
                            + nationalLength);
        }
        this.countryCode = countryCode;
        this.trunkPrefix = trunkPrefix;
        this.nationalLength = nationalLength;
    }

    /**
     * Returns the number in E.164 with a leading {@code +}, or {@code null} when {@code raw} is not
     * a phone number in any accepted form.
     */
    public String toE164(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > 32) {
            return null;
        }
        // Fast path: already canonical, the common case on the input topics.
        if (raw.charAt(0) == '+' && allDigits(raw, 1)) {
            return isValidInternational(raw, 1, raw.length()) ? raw : null;
        }
        String digits = stripSeparators(raw);
        if (digits == null) {
            return null;
        }
        String international;
        if (digits.startsWith("+")) {
            international = digits.substring(1);
        } else if (digits.startsWith("00")) {
            international = digits.substring(2);
        } else if (digits.length() == nationalLength + 1 && digits.charAt(0) == trunkPrefix) {
            international = countryCode + digits.substring(1);
        } else if (digits.length() == nationalLength
                && digits.charAt(0) != trunkPrefix
                // A national number starting like the country code is more likely an
                // international one missing a digit than a number of its own: don't guess.
                && !digits.startsWith(countryCode)) {
            international = countryCode + digits;
        } else if (digits.length() == countryCode.length() + nationalLength
                && digits.startsWith(countryCode)) {
            international = digits;
        } else {
            return null;
        }
        if (!allDigits(international, 0)
                || !isValidInternational(international, 0, international.length())) {
            return null;
        }
        return "+" + international;
    }

    /**
     * The words switches and SIP trunks write where a caller withheld the number ({@code
     * anonymous}, {@code Restricted}, an empty string...), lower case.
     */
    private static final java.util.Set<String> WITHHELD_SPELLINGS =
            java.util.Set.of(
                    "", "anonymous", "restricted", "private", "unavailable", "unknown", "withheld");

    /** Whether {@code raw} is one of the ways of writing that no number was delivered. */
    public static boolean isWithheldSpelling(String raw) {
        return raw != null
                && raw.length() <= 16
                && WITHHELD_SPELLINGS.contains(raw.trim().toLowerCase(java.util.Locale.ROOT));
    }

    /** Whether {@code raw} is a number in any accepted form. */
    public boolean isPhoneNumber(String raw) {
        return toE164(raw) != null;
    }

    private boolean isValidInternational(String s, int from, int to) {
        int length = to - from;
        if (length < E164_MIN_DIGITS || length > E164_MAX_DIGITS || s.charAt(from) == '0') {
            return false;
        }
        // Numbers in the home country have a fixed length; elsewhere E.164 bounds are all we know.
        if (s.startsWith(countryCode, from)) {
            return length == countryCode.length() + nationalLength;
        }
        return true;
    }

    private static String stripSeparators(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= '0' && c <= '9') {
                out.append(c);
            } else if (c == '+' && out.length() == 0) {
                out.append(c);
            } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.') {
                return null;
            }
        }
        return out.toString();
    }

    private static boolean allDigits(String s, int from) {
        if (s.length() <= from) {
            return false;
        }
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
