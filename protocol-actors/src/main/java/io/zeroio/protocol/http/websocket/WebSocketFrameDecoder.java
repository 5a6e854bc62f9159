package io.zeroio.protocol.http.websocket;

import java.nio.ByteOrder;

import org.agrona.MutableDirectBuffer;

/**
 * RFC 6455 frame decoder that works in place: a complete frame's payload is unmasked where it
 * lies (XOR over the slot) and described by a {@link WebSocketFrame} flyweight. It keeps the
 * message state across frames — fragmentation (continuations, control frames interleaved), the
 * running UTF-8 validation of text messages, the message size — so one decoder serves one
 * connection direction.
 *
 * <p>{@link #decode} returns consumed bytes ({@code > 0}, one frame), {@link #NEED_MORE}, or
 * {@code -closeCode} for a frame the connection must be failed with (RFC 6455 §7.1.7):
 * {@value #PROTOCOL_ERROR} protocol error (reserved bits or opcodes, bad masking, bad fragmentation,
 * oversized or fragmented control frames, non-minimal lengths, bad close codes),
 * {@value #INVALID_PAYLOAD} invalid UTF-8, {@value #MESSAGE_TOO_BIG} frame or message over the limit.
 * It never throws on input. Allocation-free; not thread-safe (one per connection direction).
 */
public final class WebSocketFrameDecoder {
    /** The bytes end inside a frame. */
    public static final int NEED_MORE = 0;
    /** Close code: protocol error. */
    public static final int PROTOCOL_ERROR = 1002;
    /** Close code: invalid payload data (UTF-8). */
    public static final int INVALID_PAYLOAD = 1007;
    /** Close code: message too big. */
    public static final int MESSAGE_TOO_BIG = 1009;

    private final boolean expectMasked;
    private final long maxFrameBytes;
    private final long maxMessageBytes;
    private int messageOpcode = -1;
    private long messageBytes;
    private int utf8 = Utf8Validator.ACCEPT;
    private boolean compression;
    private boolean messageCompressed;

    /**
     * A decoder.
     *
     * @param expectMasked    true on a server (client frames MUST be masked, §5.1), false on a client
     * @param maxFrameBytes   largest frame payload accepted
     * @param maxMessageBytes largest message (all fragments) accepted
     */
    public WebSocketFrameDecoder(boolean expectMasked, long maxFrameBytes, long maxMessageBytes) {
        this.expectMasked = expectMasked;
        this.maxFrameBytes = maxFrameBytes;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Forgets any message in progress (and any negotiated compression: a new connection starts without). */
    public void reset() {
        messageOpcode = -1;
        messageBytes = 0;
        utf8 = Utf8Validator.ACCEPT;
        compression = false;
        messageCompressed = false;
    }

    /**
     * Whether permessage-deflate (RFC 7692) was negotiated on this connection: then RSV1 is allowed on
     * the first frame of a data message and marks it compressed ({@link WebSocketFrame#compressed()});
     * a compressed message's size limit applies to its compressed bytes and its text is <em>not</em>
     * UTF-8-validated here (the endpoint validates the inflated text). RSV1 on a control frame or a
     * continuation stays a protocol error (RFC 7692 §6.1).
     */
    public void compression(boolean negotiated) {
        this.compression = negotiated;
    }

    /** Whether this decoder expects masked frames (a server's) or unmasked ones (a client's). */
    public boolean expectsMasked() {
        return expectMasked;
    }

    /**
     * Decodes one frame at {@code offset}.
     *
     * @return bytes of the frame, {@link #NEED_MORE}, or {@code -closeCode}
     */
    public int decode(MutableDirectBuffer buffer, int offset, int length, WebSocketFrame frame) {
        if (length < 2) {
            return NEED_MORE;
        }
        final int b0 = buffer.getByte(offset) & 0xFF;
        final int b1 = buffer.getByte(offset + 1) & 0xFF;
        final boolean fin = (b0 & 0x80) != 0;
        final int opcode = b0 & 0x0F;
        final boolean control = (opcode & 0x8) != 0;
        final boolean rsv1 = (b0 & 0x40) != 0;
        if ((b0 & 0x30) != 0 || (rsv1 && (!compression || control || opcode == WebSocketFrame.CONTINUATION))) {
            return -PROTOCOL_ERROR; // RSV bits without a negotiated extension (§5.2; RFC 7692 §6.1)
        }
        if (opcode != WebSocketFrame.CONTINUATION && opcode != WebSocketFrame.TEXT && opcode != WebSocketFrame.BINARY
            && opcode != WebSocketFrame.CLOSE && opcode != WebSocketFrame.PING && opcode != WebSocketFrame.PONG) {
            return -PROTOCOL_ERROR; // reserved opcodes
        }
        final boolean masked = (b1 & 0x80) != 0;
        if (masked != expectMasked) {
            return -PROTOCOL_ERROR; // §5.1: clients mask, servers do not
        }
        int header = 2;
        long payload = b1 & 0x7F;
        if (payload == 126) {
            if (length < 4) {
                return NEED_MORE;
            }
            payload = buffer.getShort(offset + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            if (payload < 126) {
                return -PROTOCOL_ERROR; // §5.2: the minimal number of bytes MUST be used
            }
            header = 4;
        } else if (payload == 127) {
            if (length < 10) {
                return NEED_MORE;
            }
            payload = buffer.getLong(offset + 2, ByteOrder.BIG_ENDIAN);
            if (payload < 0) {
                return -PROTOCOL_ERROR; // the most significant bit MUST be 0
            }
            if (payload <= 0xFFFF) {
                return -PROTOCOL_ERROR;
            }
            header = 10;
        }
        if (control && (payload > 125 || !fin)) {
            return -PROTOCOL_ERROR; // §5.5: control frames are short and never fragmented
        }
        if (payload > maxFrameBytes || payload > Integer.MAX_VALUE - 14) {
            return -MESSAGE_TOO_BIG;
        }
        // fragmentation rules (§5.4)
        if (!control) {
            if (opcode == WebSocketFrame.CONTINUATION) {
                if (messageOpcode < 0) {
                    return -PROTOCOL_ERROR; // a continuation with no message in progress
                }
            } else if (messageOpcode >= 0) {
                return -PROTOCOL_ERROR; // a new message before the last one ended
            }
            final long total = (opcode == WebSocketFrame.CONTINUATION ? messageBytes : 0) + payload;
            if (total > maxMessageBytes) {
                return -MESSAGE_TOO_BIG;
            }
        }
        final int maskAt = offset + header;
        if (masked) {
            header += 4;
        }
        if (length - header < payload) {
            return NEED_MORE;
        }
        final int data = offset + header;
        final int n = (int) payload;
        if (masked) {
            unmask(buffer, data, n, buffer.getInt(maskAt, ByteOrder.BIG_ENDIAN));
        }
        frame.buffer = buffer;
        frame.opcode = opcode;
        frame.fin = fin;
        frame.headerLength = header;
        frame.payloadOffset = data;
        frame.payloadLength = n;
        frame.closeCode = 0;
        if (control) {
            frame.compressed = false;
            frame.messageOpcode = opcode;
            if (opcode == WebSocketFrame.CLOSE) {
                final int r = closeFrame(buffer, data, n, frame);
                if (r != 0) {
                    return r;
                }
            }
            return header + n;
        }
        final int message = opcode == WebSocketFrame.CONTINUATION ? messageOpcode : opcode;
        final boolean compressed = opcode == WebSocketFrame.CONTINUATION ? messageCompressed : rsv1;
        frame.messageOpcode = message;
        frame.compressed = compressed;
        if (message == WebSocketFrame.TEXT && !compressed) {
            final int s = Utf8Validator.validate(buffer, data, n, opcode == WebSocketFrame.CONTINUATION ? utf8 : Utf8Validator.ACCEPT);
            if (s == Utf8Validator.REJECT || (fin && s != Utf8Validator.ACCEPT)) {
                return -INVALID_PAYLOAD; // §8.1: fail fast on invalid UTF-8
            }
            utf8 = s;
        }
        if (fin) {
            messageOpcode = -1;
            messageBytes = 0;
            utf8 = Utf8Validator.ACCEPT;
            messageCompressed = false;
        } else {
            messageOpcode = message;
            messageCompressed = compressed;
            messageBytes = (opcode == WebSocketFrame.CONTINUATION ? messageBytes : 0) + n;
        }
        return header + n;
    }

    private static int closeFrame(MutableDirectBuffer buffer, int data, int n, WebSocketFrame frame) {
        if (n == 0) {
            frame.closeCode = 1005; // no status received (§7.1.5)
            return 0;
        }
        if (n == 1) {
            return -PROTOCOL_ERROR;
        }
        final int code = buffer.getShort(data, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (!validCloseCode(code)) {
            return -PROTOCOL_ERROR;
        }
        if (Utf8Validator.validate(buffer, data + 2, n - 2, Utf8Validator.ACCEPT) != Utf8Validator.ACCEPT) {
            return -INVALID_PAYLOAD;
        }
        frame.closeCode = code;
        return 0;
    }

    /** Whether a peer may send {@code code} in a close frame (RFC 6455 §7.4.1, IANA registry). */
    public static boolean validCloseCode(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    /** XORs {@code length} bytes from {@code offset} with the 4-byte {@code maskKey} (big-endian), 8 bytes at a time. */
    public static void unmask(MutableDirectBuffer buffer, int offset, int length, int maskKey) {
        final long mask = (maskKey & 0xFFFF_FFFFL) << 32 | (maskKey & 0xFFFF_FFFFL);
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            buffer.putLong(offset + i, buffer.getLong(offset + i, ByteOrder.BIG_ENDIAN) ^ mask, ByteOrder.BIG_ENDIAN);
        }
        for (; i < length; i++) {
            final int shift = 24 - 8 * (i & 3);
            buffer.putByte(offset + i, (byte) (buffer.getByte(offset + i) ^ (maskKey >>> shift)));
        }
    }
}
