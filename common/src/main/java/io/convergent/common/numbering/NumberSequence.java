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
        return neighbour(e164, '0', '9', -1);
    }

    /**
     * The number one above {@code e164} ({@code +79580012339} gives {@code +79580012340}), or
     * {@code null} when it has none (all digits nine) or is not a {@code +} followed by digits.
     */
    public static String successor(String e164) {
        return neighbour(e164, '9', '0', +1);
    }

    /**
     * {@code e164} moved by {@code step} (±1) in its last digit, carrying: a digit at {@code
     * carryFrom} becomes {@code carryTo} and the move goes on to the digit before.
     */
    private static String neighbour(String e164, char carryFrom, char carryTo, int step) {
        if (e164 == null || e164.length() < 2 || e164.charAt(0) != '+') {
            return null;
        }
        char[] digits = e164.toCharArray();
        for (int i = digits.length - 1; i >= 1; i--) {
            char c = digits[i];
            if (c < '0' || c > '9') {
                return null;
            }
            if (c != carryFrom) {
                digits[i] = (char) (c + step);
                return new String(digits);
            }
            digits[i] = carryTo;
        }
        return null;
    }
}
