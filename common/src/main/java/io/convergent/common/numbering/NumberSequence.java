package io.convergent.common.numbering;

/**
 * Neighbours of a number in its range, for spotting a caller that dials through a list of numbers,
 * up or down.
 */
public final class NumberSequence {

    private NumberSequence() {}

    /**
     * The number one below {@code e164} ({@code +79580012340} gives {@code +79580012339}), or
     * {@code null} when it has none (all digits zero) or is not a {@code +} followed by digits.
     */
    public static String predecessor(String e164) {
        if (e164 == null || e164.length() < 2 || e164.charAt(0) != '+') {
            return null;
        }
        char[] digits = e164.toCharArray();
        for (int i = digits.length - 1; i >= 1; i--) {
            char c = digits[i];
            if (c < '0' || c > '9') {
                return null;
            }
            if (c > '0') {
                digits[i] = (char) (c - 1);
                return new String(digits);
            }
            digits[i] = '9';
        }
        return null;
    }

    /**
     * The number one above {@code e164} ({@code +79580012339} gives {@code +79580012340}), or
     * {@code null} when it has none (all digits nine) or is not a {@code +} followed by digits.
     */
    public static String successor(String e164) {
        if (e164 == null || e164.length() < 2 || e164.charAt(0) != '+') {
            return null;
        }
        char[] digits = e164.toCharArray();
        for (int i = digits.length - 1; i >= 1; i--) {
            char c = digits[i];
            if (c < '0' || c > '9') {
                return null;
            }
            if (c < '9') {
                digits[i] = (char) (c + 1);
                return new String(digits);
            }
            digits[i] = '0';
        }
        return null;
    }
}
