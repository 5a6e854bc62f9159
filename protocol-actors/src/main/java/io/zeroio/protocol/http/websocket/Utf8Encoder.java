package io.zeroio.protocol.http.websocket;

import org.agrona.MutableDirectBuffer;

/** UTF-8 encoding of a {@link CharSequence} into a buffer without allocating. */
public final class Utf8Encoder {
    private Utf8Encoder() {
    }

    /** Encoded length; throws on an unpaired surrogate (text frames must be valid UTF-8). */
    public static int length(CharSequence text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("unpaired surrogate in WebSocket text");
            } else {
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        return bytes;
    }

    /** Encodes at {@code at}; returns the bytes written. */
    public static int encode(CharSequence text, MutableDirectBuffer out, int at) {
        int p = at;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c < 0x80) {
                out.putByte(p++, (byte) c);
            } else if (c < 0x800) {
                out.putByte(p++, (byte) (0xC0 | c >> 6));
                out.putByte(p++, (byte) (0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                final int cp = Character.toCodePoint(c, text.charAt(++i));
                out.putByte(p++, (byte) (0xF0 | cp >> 18));
                out.putByte(p++, (byte) (0x80 | (cp >> 12 & 0x3F)));
                out.putByte(p++, (byte) (0x80 | (cp >> 6 & 0x3F)));
                out.putByte(p++, (byte) (0x80 | (cp & 0x3F)));
            } else {
                out.putByte(p++, (byte) (0xE0 | c >> 12));
                out.putByte(p++, (byte) (0x80 | (c >> 6 & 0x3F)));
                out.putByte(p++, (byte) (0x80 | (c & 0x3F)));
            }
        }
        return p - at;
    }
}
