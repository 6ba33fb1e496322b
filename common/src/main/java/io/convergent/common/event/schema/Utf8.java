package io.convergent.common.event.schema;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. */
final class Utf8 {

    private Utf8() {}

    static boolean isValid(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            // Event payloads are almost all ASCII: skip eight bytes at a time while they are.
            while (i + 8 <= end && asciiWord(bytes, i)) {
                i += 8;
            }
            if (i >= end) {
                return true;
            }
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                i++;
            } else if (b >= 0xC2 && b <= 0xDF) {
                if (i + 1 >= end || !continuation(bytes[i + 1])) {
                    return false;
                }
                i += 2;
            } else if (b >= 0xE0 && b <= 0xEF) {
                if (i + 2 >= end || !continuation(bytes[i + 1]) || !continuation(bytes[i + 2])) {
                    return false;
                }
                int second = bytes[i + 1] & 0xFF;
                if (b == 0xE0 && second < 0xA0 || b == 0xED && second > 0x9F) {
                    return false; // overlong, or a UTF-16 surrogate
                }
                i += 3;
            } else if (b >= 0xF0 && b <= 0xF4) {
                if (i + 3 >= end
                        || !continuation(bytes[i + 1])
                        || !continuation(bytes[i + 2])
                        || !continuation(bytes[i + 3])) {
                    return false;
                }
                int second = bytes[i + 1] & 0xFF;
                if (b == 0xF0 && second < 0x90 || b == 0xF4 && second > 0x8F) {
                    return false; // overlong, or above U+10FFFF
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    /** A leading UTF-8 byte-order mark, which the topics' contract does not allow. */
    static boolean startsWithByteOrderMark(byte[] bytes) {
        return bytes.length >= 3
                && (bytes[0] & 0xFF) == 0xEF
                && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF;
    }

    /**
     * Valid UTF-8 with no NUL byte. A NUL is valid UTF-8 but no JSON event holds one, and NULs are
     * how UTF-16/32 text of ASCII characters looks: refusing them keeps such payloads out.
     */
    static boolean isValidWithoutNul(byte[] bytes) {
        int i = 0;
        int end = bytes.length;
        // Eight ASCII bytes at a time, none of them zero (the usual has-zero-byte bit trick).
        while (i + 8 <= end) {
            long word = (long) LONGS.get(bytes, i);
            if ((word & HIGH_BITS) != 0) {
                break;
            }
            if (((word - LOW_BITS) & ~word & HIGH_BITS) != 0) {
                return false;
            }
            i += 8;
        }
        for (int k = i; k < end; k++) {
            if (bytes[k] == 0) {
                return false;
            }
        }
        return isValid(bytes, i, end - i);
    }

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LOW_BITS = 0x0101010101010101L;

    private static boolean asciiWord(byte[] b, int i) {
        return ((b[i] | b[i + 1] | b[i + 2] | b[i + 3] | b[i + 4] | b[i + 5] | b[i + 6] | b[i + 7])
                        & 0x80)
                == 0;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
