package io.zeroio.protocol.http.websocket;

import org.agrona.DirectBuffer;

/**
 * Incremental UTF-8 validation (RFC 3629 §4: no overlongs, no surrogates, nothing above
 * U+10FFFF) across fragment boundaries, without allocating. The state is an {@code int}:
 * remaining continuation bytes in bits 0-1, the allowed range of the next byte in bits 8-23.
 */
public final class Utf8Validator {
    /** A complete, valid sequence so far. */
    public static final int ACCEPT = 0;
    /** Invalid input. */
    public static final int REJECT = -1;

    private Utf8Validator() {
    }

    /** Validates {@code length} bytes from {@code offset}, continuing from {@code state}; returns the new state or {@link #REJECT}. */
    public static int validate(DirectBuffer buffer, int offset, int length, int state) {
        int s = state;
        for (int i = 0; i < length; i++) {
            final int b = buffer.getByte(offset + i) & 0xFF;
            if ((s & 3) == 0) {
                if (b < 0x80) {
                    continue;
                }
                s = start(b);
                if (s == REJECT) {
                    return REJECT;
                }
            } else {
                final int lo = (s >>> 8) & 0xFF;
                final int hi = (s >>> 16) & 0xFF;
                if (b < lo || b > hi) {
                    return REJECT;
                }
                final int remaining = (s & 3) - 1;
                s = remaining == 0 ? ACCEPT : remaining | 0x80 << 8 | 0xBF << 16;
            }
        }
        return s;
    }

    private static int start(int b) {
        if (b >= 0xC2 && b <= 0xDF) {
            return 1 | 0x80 << 8 | 0xBF << 16;
        }
        if (b == 0xE0) {
            return 2 | 0xA0 << 8 | 0xBF << 16;
        }
        if (b == 0xED) {
            return 2 | 0x80 << 8 | 0x9F << 16;
        }
        if (b >= 0xE1 && b <= 0xEF) {
            return 2 | 0x80 << 8 | 0xBF << 16;
        }
        if (b == 0xF0) {
            return 3 | 0x90 << 8 | 0xBF << 16;
        }
        if (b >= 0xF1 && b <= 0xF3) {
            return 3 | 0x80 << 8 | 0xBF << 16;
        }
        if (b == 0xF4) {
            return 3 | 0x80 << 8 | 0x8F << 16;
        }
        return REJECT;
    }
}
