package io.convergent.common.identity;

/**
 * Identifiers written inside references: an event id such as {@code sms-79123456789-0042} or {@code
 * tx-4276380012345679-1}, a switch's call reference, a cell id. Producers build such references
 * from numbers more often than one would like, and a reference is kept wherever the event is (raw
 * tables, state, decisions), so the identifier inside is replaced by its pseudonym, the same one it
 * gets in its own field: the reference stays unique and stable, and still joins.
 *
 * <p>What counts as an identifier here is a run of digits of a shape ordinary counters, epoch times
 * and hashes seldom have, since anything else in the reference is kept as it is:
 *
 * <ul>
 *   <li>a phone number: exactly 11 digits that are a domestic number, mobile or landline, in its
 *       {@code 7…} or trunk {@code 8…} spelling ({@code 79…}, {@code 8495…}); a domestic mobile's
 *       10 digits without either ({@code 9…}); {@code +} or {@code 00} and 10 to 15 digits that
 *       make an E.164 number;
 *   <li>a card number: 16 to 19 digits from 2, 4 or 5 (Mir, Visa, Mastercard) that pass the Luhn
 *       check;
 *   <li>an IMSI: 15 digits of one of our country's SIMs ({@code 250…}); an IMEI: 15 digits from 35,
 *       86, 01 or 99 that pass the Luhn check or end in the network's spare 0, or 16 (an IMEISV);
 *   <li>an account number: 20 digits from 4.
 * </ul>
 *
 * Epoch times (seconds, milliseconds, micro- and nanoseconds: they start with 1 until 2033) and
 * counters shorter than 10 digits are left alone. A run of another origin that happens to have such
 * a shape (a random 16-digit id passes one time in thirty) is pseudonymised as if it were one:
 * deterministic, so the reference still joins, but no longer as its producer wrote it.
 */
public final class EmbeddedIdentifiers {

    private static final int DOMESTIC_DIGITS = 11;
    private static final int DOMESTIC_MOBILE_DIGITS = 10;
    private static final int MIN_INTERNATIONAL_DIGITS = 10;
    private static final int MAX_INTERNATIONAL_DIGITS = 15;
    private static final int MIN_CARD_DIGITS = 16;
    private static final int MAX_CARD_DIGITS = 19;
    private static final int IMSI_OR_IMEI_DIGITS = 15;
    private static final int IMEISV_DIGITS = 16;
    private static final int ACCOUNT_DIGITS = 20;
    private static final String OUR_COUNTRY_CODE = "250";

    private EmbeddedIdentifiers() {}

    /**
     * {@code text} with every identifier in it replaced by its pseudonym; {@code text} itself (no
     * copy) when it holds none, which is the common case and costs one scan.
     */
    public static String pseudonymised(String text, Pseudonymiser pseudonymiser) {
        if (text == null || !mayHoldANumber(text)) {
            return text;
        }
        Identifiers identifiers = pseudonymiser.identifiers();
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
            int from = plus ? start - 1 : start;
            String pseudonym =
                    pseudonymOf(text.substring(from, i), plus, identifiers, pseudonymiser);
            if (pseudonym != null) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16);
                }
                out.append(text, copied, from).append(pseudonym);
                copied = i;
            }
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /** The pseudonym of {@code run} (digits, after a {@code +} if {@code plus}); null if none. */
    private static String pseudonymOf(
            String run, boolean plus, Identifiers identifiers, Pseudonymiser pseudonymiser) {
        String e164 = phoneNumberIn(run, plus, identifiers.phoneNumbers());
        if (e164 != null) {
            return pseudonymiser.pseudonymiseCanonical(IdentifierKind.MSISDN, e164);
        }
        if (plus) {
            return null;
        }
        IdentifierKind kind = otherKindOf(run);
        String canonical = kind == null ? null : identifiers.canonical(kind, run);
        return canonical == null ? null : pseudonymiser.pseudonymiseCanonical(kind, canonical);
    }

    private static String phoneNumberIn(String run, boolean plus, PhoneNumbers phones) {
        int digits = run.length() - (plus ? 1 : 0);
        if (plus) {
            return digits >= MIN_INTERNATIONAL_DIGITS && digits <= MAX_INTERNATIONAL_DIGITS
                    ? phones.toE164(run)
                    : null;
        }
        if (run.startsWith("00")
                && digits - 2 >= MIN_INTERNATIONAL_DIGITS
                && digits - 2 <= MAX_INTERNATIONAL_DIGITS) {
            return phones.toE164("+" + run.substring(2));
        }
        if (digits == DOMESTIC_MOBILE_DIGITS && run.charAt(0) == '9') {
            return phones.toE164("+7" + run);
        }
        if (digits != DOMESTIC_DIGITS
                || (run.charAt(0) != '7' && run.charAt(0) != '8')
                || !isZoneSevenAreaStart(run.charAt(1))) {
            return null;
        }
        return phones.toE164(run);
    }

    /**
     * What a run of plain digits that is no phone number is, by its length, its first digits and
     * its check digit; or null. The first digits keep ids made of epoch times (micro- and
     * nanoseconds start with 1) and most counters out, which a check digit alone passes one time in
     * ten.
     */
    private static IdentifierKind otherKindOf(String digits) {
        int length = digits.length();
        char first = digits.charAt(0);
        if (length == ACCOUNT_DIGITS) {
            // The balance accounts of customers' money (408… current, 423… deposits: 40…–47…).
            return first == '4' ? IdentifierKind.ACCOUNT_NUMBER : null;
        }
        if (isImeiStart(digits) && (length == IMSI_OR_IMEI_DIGITS || length == IMEISV_DIGITS)) {
            // Printed with its Luhn digit, reported by the network with a spare 0, or an IMEISV.
            return length == IMEISV_DIGITS
                            || Identifiers.luhnValid(digits)
                            || digits.charAt(length - 1) == '0'
                    ? IdentifierKind.IMEI
                    : null;
        }
        if (length >= MIN_CARD_DIGITS && length <= MAX_CARD_DIGITS) {
            // Mir (2…), Visa (4…), Mastercard (2…, 5…): the cards a Russian bank issues.
            boolean issued = first == '2' || first == '4' || first == '5';
            return issued && Identifiers.luhnValid(digits) ? IdentifierKind.CARD_NUMBER : null;
        }
        if (length == IMSI_OR_IMEI_DIGITS && digits.startsWith(OUR_COUNTRY_CODE)) {
            return IdentifierKind.IMSI;
        }
        return null;
    }

    /**
     * Whether {@code digits} start as a handset's IMEI does: the reporting body of its type
     * allocation code, 35 (most handsets), 86, 01 or 99.
     */
    private static boolean isImeiStart(String digits) {
        return digits.startsWith("35")
                || digits.startsWith("86")
                || digits.startsWith("01")
                || digits.startsWith("99");
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
