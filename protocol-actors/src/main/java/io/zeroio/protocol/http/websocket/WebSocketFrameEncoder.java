package io.zeroio.protocol.http.websocket;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * RFC 6455 §5.2 frame writer: header and payload written once into a (TX slot) buffer; masked with
 * a caller-supplied key on the client side (§5.3: clients MUST mask with a fresh unpredictable key),
 * unmasked on the server side. Static and allocation-free.
 */
public final class WebSocketFrameEncoder {
    private WebSocketFrameEncoder() {
    }

    /** Header bytes for a payload of {@code length}, masked or not. */
    public static int headerLength(long length, boolean masked) {
        return (length < 126 ? 2 : length <= 0xFFFF ? 4 : 10) + (masked ? 4 : 0);
    }

    /** Writes a frame header at {@code at}; returns its length. */
    public static int writeHeader(MutableDirectBuffer out, int at, int opcode, boolean fin, long length, boolean masked,
                                  int maskKey) {
        return writeHeader(out, at, opcode, fin, false, length, masked, maskKey);
    }

    /**
     * Writes a frame header at {@code at} with RSV1 set or not (RSV1 marks the first frame of a
     * permessage-deflate compressed message, RFC 7692 §6); returns its length.
     */
    public static int writeHeader(MutableDirectBuffer out, int at, int opcode, boolean fin, boolean rsv1, long length,
                                  boolean masked, int maskKey) {
        out.putByte(at, (byte) ((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | (opcode & 0x0F)));
        final int maskBit = masked ? 0x80 : 0;
        int p = at + 2;
        if (length < 126) {
            out.putByte(at + 1, (byte) (maskBit | (int) length));
        } else if (length <= 0xFFFF) {
            out.putByte(at + 1, (byte) (maskBit | 126));
            out.putShort(p, (short) length, ByteOrder.BIG_ENDIAN);
            p += 2;
        } else {
            out.putByte(at + 1, (byte) (maskBit | 127));
            out.putLong(p, length, ByteOrder.BIG_ENDIAN);
            p += 8;
        }
        if (masked) {
            out.putInt(p, maskKey, ByteOrder.BIG_ENDIAN);
            p += 4;
        }
        return p - at;
    }

    /** Writes a whole frame (header + payload copied from {@code src}); returns its length. */
    public static int writeFrame(MutableDirectBuffer out, int at, int opcode, boolean fin, DirectBuffer src, int offset,
                                 int length, boolean masked, int maskKey) {
        final int h = writeHeader(out, at, opcode, fin, length, masked, maskKey);
        out.putBytes(at + h, src, offset, length);
        if (masked) {
            WebSocketFrameDecoder.unmask(out, at + h, length, maskKey); // XOR is its own inverse
        }
        return h + length;
    }

    /** Writes a close frame with {@code code} and an ASCII {@code reason} (≤ 123 bytes); returns its length. */
    public static int writeClose(MutableDirectBuffer out, int at, int code, CharSequence reason, boolean masked,
                                 int maskKey) {
        final int n = 2 + reason.length();
        if (n > 125) {
            throw new IllegalArgumentException("a close reason is at most 123 bytes");
        }
        final int h = writeHeader(out, at, WebSocketFrame.CLOSE, true, n, masked, maskKey);
        out.putShort(at + h, (short) code, ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < reason.length(); i++) {
            out.putByte(at + h + 2 + i, (byte) reason.charAt(i));
        }
        if (masked) {
            WebSocketFrameDecoder.unmask(out, at + h, n, maskKey);
        }
        return h + n;
    }
}
