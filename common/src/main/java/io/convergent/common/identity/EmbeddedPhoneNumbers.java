package io.convergent.common.identity;

/**
 * Phone numbers written inside references: an event id such as {@code sms-79123456789-0042}, a
 * switch's call reference, a cell id. Producers build such references from numbers more often than
 * one would like, and a reference is kept wherever the event is (raw tables, state, decisions), so
 * the number inside is replaced by its pseudonym, the same one the number gets in its own field:
 * the reference stays unique and stable, and still joins.
 *
 * <p>What counts as a number here is deliberately narrow, since anything else in the reference is
 * kept as it is: a run of exactly 11 digits that is a domestic number, mobile or landline, in its
 * {@code 7…} or trunk {@code 8…} spelling ({@code 79…}, {@code 8495…}), or {@code +} and 10 to 15
 * digits that make an E.164 number. Epoch milliseconds (13 digits), epoch seconds (10), counters
 * and hashes are left alone.
 */
public final class EmbeddedPhoneNumbers {

    private static final int DOMESTIC_DIGITS = 11;
    private static final int MIN_INTERNATIONAL_DIGITS = 10;
    private static final int MAX_INTERNATIONAL_DIGITS = 15;

    private EmbeddedPhoneNumbers() {}

    /**
     * {@code text} with every phone number in it replaced by the number's pseudonym; {@code text}
     * itself (no copy) when it holds none, which is the common case and costs one scan.
     */
    public static String pseudonymised(String text, Pseudonymiser pseudonymiser) {
        if (text == null || !mayHoldANumber(text)) {
            return text;
        }
        PhoneNumbers phones = pseudonymiser.identifiers().phoneNumbers();
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < text.length()) {
            if (!isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < text.length() && isDigit(text.charAt(i))) {
                i++;
            }
            boolean plus = start > 0 && text.charAt(start - 1) == '+';
            String e164 = numberIn(text, plus ? start - 1 : start, i, plus, phones);
            if (e164 != null) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16);
                }
                out.append(text, copied, plus ? start - 1 : start)
                        .append(pseudonymiser.pseudonymiseCanonical(IdentifierKind.MSISDN, e164));
                copied = i;
            }
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /** Whether {@code text} has a run of 10 or more digits: the cheap test before the real one. */
    static boolean mayHoldANumber(String text) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            if (isDigit(text.charAt(i))) {
                if (++run >= MIN_INTERNATIONAL_DIGITS) {
                    return true;
                }
            } else {
                run = 0;
            }
        }
        return false;
    }

    private static String numberIn(
            String text, int from, int to, boolean plus, PhoneNumbers phones) {
        int digits = to - from - (plus ? 1 : 0);
        if (plus) {
            return digits >= MIN_INTERNATIONAL_DIGITS && digits <= MAX_INTERNATIONAL_DIGITS
                    ? phones.toE164(text.substring(from, to))
                    : null;
        }
        if (digits != DOMESTIC_DIGITS
                || (text.charAt(from) != '7' && text.charAt(from) != '8')
                || !isZoneSevenAreaStart(text.charAt(from + 1))) {
            return null;
        }
        return phones.toE164(text.substring(from, to));
    }

    /**
     * Whether a national number of world zone 7 can start with {@code c}: 3, 4 and 8 (Russian
     * geographic and non-geographic codes, a Moscow landline is {@code 7495…}), 7 (Kazakhstan) and
     * 9 (mobile). A landline is a person's number as often as a mobile is.
     */
    private static boolean isZoneSevenAreaStart(char c) {
        return c == '3' || c == '4' || c == '7' || c == '8' || c == '9';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
