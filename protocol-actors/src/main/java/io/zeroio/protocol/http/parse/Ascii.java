package io.zeroio.protocol.http.parse;

import org.agrona.DirectBuffer;

/** ASCII helpers over buffers for the HTTP grammar (RFC 9110 §5.6, RFC 9112); allocation-free. */
public final class Ascii {
    /** RFC 9110 §5.6.2 tchar lookup: true for token characters. */
    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private Ascii() {
    }

    /** Whether {@code b} is an RFC 9110 token character. */
    public static boolean isTchar(byte b) {
        return TCHAR[b & 0xFF];
    }

    /** ASCII lower case of {@code c}. */
    public static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    /** Whether {@code length} bytes at {@code offset} equal the first {@code length} chars of {@code s}, ignoring ASCII case. */
    public static boolean equalsIgnoreCase(DirectBuffer buffer, int offset, CharSequence s, int length) {
        for (int i = 0; i < length; i++) {
            if (lower(buffer.getByte(offset + i) & 0xFF) != lower(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code length} bytes at {@code offset} equal the ASCII bytes {@code s}, ignoring case. */
    static boolean equalsIgnoreCase(DirectBuffer buffer, int offset, int length, byte[] s) {
        if (length != s.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (lower(buffer.getByte(offset + i) & 0xFF) != s[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code length} decimal digits at {@code offset} as a number; -1 when empty, not all digits,
     * or above 10^17 (callers compare against much smaller limits).
     */
    public static long parseDecimal(DirectBuffer buffer, int offset, int length) {
        if (length == 0 || length > 17) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < length; i++) {
            final int d = buffer.getByte(offset + i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** Whether the comma-separated token list in the bytes contains {@code token} (ASCII case-insensitive). */
    static boolean listContains(DirectBuffer buffer, int offset, int length, byte[] token) {
        int i = offset;
        final int end = offset + length;
        while (i < end) {
            while (i < end && (buffer.getByte(i) == ' ' || buffer.getByte(i) == '\t' || buffer.getByte(i) == ',')) {
                i++;
            }
            int j = i;
            while (j < end && buffer.getByte(j) != ',') {
                j++;
            }
            int k = j;
            while (k > i && (buffer.getByte(k - 1) == ' ' || buffer.getByte(k - 1) == '\t')) {
                k--;
            }
            if (k > i && equalsIgnoreCase(buffer, i, k - i, token)) {
                return true;
            }
            i = j + 1;
        }
        return false;
    }
}
