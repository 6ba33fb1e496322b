package io.convergent.common.numbering;

import java.util.Objects;

/**
 * A range of the numbering plan: every E.164 number starting with {@link #prefix()}.
 *
 * @param prefix {@code +} and the leading digits
 * @param category who holds the range
 * @param operator the holder's name, empty when unknown or unallocated
 * @param country ISO 3166 alpha-2 code
 * @param mcc the holder's mobile country code, or 0 when none
 * @param mnc the holder's mobile network code, or -1 when none
 */
public record NumberRange(
        String prefix, NumberCategory category, String operator, String country, int mcc, int mnc) {

    public NumberRange {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(country, "country");
        if (category == NumberCategory.WITHHELD || category == NumberCategory.SERVICE) {
            throw new IllegalArgumentException(
                    category
                            + " describes "
                            + (category == NumberCategory.WITHHELD
                                    ? "a call without a number"
                                    : "a short number or sender name")
                            + ", not a range");
        }
        if (!prefix.matches("\\+[1-9][0-9]{0,8}")) {
            throw new IllegalArgumentException(
                    "prefix must be + and 1-9 digits, got '" + prefix + "'");
        }
    }

    public boolean contains(String e164) {
        return e164 != null && e164.startsWith(prefix);
    }
}
