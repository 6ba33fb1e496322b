package io.convergent.common.identity;

import java.util.List;
import java.util.Objects;

/**
 * Canonical forms of raw identifiers: the one place that decides when two spellings are the same
 * subscriber, SIM, handset, card or account. The validator stores canonical forms and the
 * pseudonymiser hashes them, so {@code +7 912 345-67-89}, {@code 89123456789} and {@code
 * 79123456789} get one pseudonym.
 */
public final class Identifiers {

    private static final int IMEI_CANONICAL_DIGITS = 14;

    private final PhoneNumbers phoneNumbers;

    public Identifiers(PhoneNumbers phoneNumbers) {
        this.phoneNumbers = Objects.requireNonNull(phoneNumbers, "phoneNumbers");
    }

    /** Identifiers of a Russian operator and bank: phone numbers in the {@code +7} plan. */
    public static Identifiers russian() {
        return new Identifiers(PhoneNumbers.RUSSIA);
    }

    public PhoneNumbers phoneNumbers() {
        return phoneNumbers;
    }

    /** The kinds a bare value can be recognised as by its shape and checks alone. */
    public static final List<IdentifierKind> RECOGNISABLE =
            List.of(
                    IdentifierKind.MSISDN,
                    IdentifierKind.CARD_NUMBER,
                    IdentifierKind.IMEI,
                    IdentifierKind.IMSI,
                    IdentifierKind.ACCOUNT_NUMBER);

    /**
     * Whether {@code raw}, found where no field says what it is, is an identifier of {@code kind}
     * by its value: {@link #canonical}, stricter where the check alone admits ordinary numbers (a
     * card of 16 or more digits; only a domestic 20-digit account, as any short code passes the
     * account check).
     */
    public boolean isRecognisably(IdentifierKind kind, String raw) {
        String canonical = canonical(kind, raw == null ? null : raw.trim());
        if (canonical == null) {
            return false;
        }
        return switch (kind) {
            case CARD_NUMBER -> canonical.length() >= 16;
            case ACCOUNT_NUMBER ->
                    canonical.length() == 20 && canonical.chars().allMatch(Character::isDigit);
            default -> true;
        };
    }

    /**
     * Whether {@code value}, found where no field says what it is (a CSV cell, a number in a
     * rejected record), could be an identifier: a phone number written as one (a leading {@code +}
     * or {@code 00}, 11 digits from 7 or 8, or a mobile's 10 from 9: a bare count or amount of 10
     * digits is not one), or a valid card, IMEI, IMSI or account number. Epoch-millisecond
     * timestamps and ordinary amounts are not.
     */
    public boolean couldBeAnIdentifier(String value) {
        String trimmed = value.trim();
        String digits = trimmed.replaceAll("[^0-9]", "");
        boolean phoneShaped =
                trimmed.startsWith("+")
                        || trimmed.startsWith("00")
                        || (digits.length() == 11
                                && (digits.charAt(0) == '7' || digits.charAt(0) == '8'))
                        // A domestic mobile number without its trunk prefix: 9XX XXX-XX-XX.
                        || (digits.length() == 10 && digits.charAt(0) == '9');
        if (phoneShaped && isRecognisably(IdentifierKind.MSISDN, trimmed)) {
            return true;
        }
        for (IdentifierKind kind : RECOGNISABLE) {
            if (kind != IdentifierKind.MSISDN && isRecognisably(kind, trimmed)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the canonical form of {@code raw} as an identifier of {@code kind}, or {@code null}
     * when it is not a valid one.
     */
    public String canonical(IdentifierKind kind, String raw) {
        if (raw == null) {
            return null;
        }
        return switch (kind) {
            case MSISDN -> phoneNumbers.toE164(raw);
            case IMSI -> digits(raw, 14, 15);
            case IMEI -> imei(raw);
            case CARD_NUMBER -> cardNumber(raw);
            case ACCOUNT_NUMBER -> accountNumber(raw);
            case CUSTOMER_ID, DEVICE_ID -> token(raw);
        };
    }

    private static String imei(String raw) {
        String digits = digits(raw, 14, 16);
        if (digits == null) {
            return null;
        }
        // A 15-digit IMEI ends in a Luhn check digit as printed on the handset, and in a spare
        // digit, 0, as the network reports it (3GPP TS 23.003, 6.2.1); a 16-digit IMEISV ends in a
        // software version. The handset is the first 14 digits (TAC + serial) in every form.
        if (digits.length() == 15 && digits.charAt(14) != '0' && !luhnValid(digits)) {
            return null;
        }
        return digits.length() == IMEI_CANONICAL_DIGITS
                ? digits
                : digits.substring(0, IMEI_CANONICAL_DIGITS);
    }

    private static String cardNumber(String raw) {
        String digits = digits(raw, 12, 19);
        return digits != null && luhnValid(digits) ? digits : null;
    }

    private static String accountNumber(String raw) {
        // Domestic 20-digit accounts and IBANs (written in groups of four).
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
                out.append(c);
            } else if (c >= 'a' && c <= 'z') {
                out.append((char) (c - 'a' + 'A'));
            } else if (c != ' ') {
                return null;
            }
        }
        return out.length() >= 5 && out.length() <= 34 ? out.toString() : null;
    }

    private static String token(String raw) {
        return isToken(raw) ? raw : null;
    }

    /** Whether {@code raw} is an opaque token: 1-64 characters of {@code [A-Za-z0-9_.:-]}. */
    public static boolean isToken(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > 64) {
            return false;
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean ok =
                    c >= '0' && c <= '9'
                            || c >= 'A' && c <= 'Z'
                            || c >= 'a' && c <= 'z'
                            || c == '-'
                            || c == '_'
                            || c == '.'
                            || c == ':';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Digits of {@code raw} with spaces and dashes removed, if their count is in range. */
    private static String digits(String raw, int minDigits, int maxDigits) {
        if (raw.length() > maxDigits * 2) {
            return null;
        }
        boolean plain = true;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < '0' || c > '9') {
                if (c != ' ' && c != '-') {
                    return null;
                }
                plain = false;
            }
        }
        String digits = plain ? raw : raw.replace(" ", "").replace("-", "");
        return digits.length() >= minDigits && digits.length() <= maxDigits ? digits : null;
    }

    /** The Luhn (mod 10) check used by card numbers and IMEIs. */
    static boolean luhnValid(String digits) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    /** Appends the Luhn check digit to {@code payload}: used by the generator and by tests. */
    public static String withLuhnCheckDigit(String payload) {
        for (int check = 0; check <= 9; check++) {
            String candidate = payload + check;
            if (luhnValid(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no Luhn check digit for " + payload.length() + " digits");
    }
}
