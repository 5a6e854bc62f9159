package io.zeroio.protocol.http.websocket;

import org.agrona.DirectBuffer;

/**
 * One decoded WebSocket frame (RFC 6455 §5.2), a flyweight re-filled by
 * {@link WebSocketFrameDecoder}: the payload stays where it arrived (unmasked in place), described
 * by an offset and a length into {@link #buffer()}.
 */
public final class WebSocketFrame {
    /** Continuation frame. */
    public static final int CONTINUATION = 0x0;
    /** Text frame (UTF-8, validated). */
    public static final int TEXT = 0x1;
    /** Binary frame. */
    public static final int BINARY = 0x2;
    /** Close frame. */
    public static final int CLOSE = 0x8;
    /** Ping frame. */
    public static final int PING = 0x9;
    /** Pong frame. */
    public static final int PONG = 0xA;

    DirectBuffer buffer;
    int opcode;
    int messageOpcode;
    boolean fin;
    int headerLength;
    int payloadOffset;
    int payloadLength;
    int closeCode;
    boolean compressed;

    /**
     * Whether this data frame belongs to a permessage-deflate compressed message (RSV1 on its first
     * frame). Endpoints inflate such messages and hand the application an inflated, uncompressed frame,
     * so application handlers only ever see {@code false}.
     */
    public boolean compressed() {
        return compressed;
    }

    /**
     * Re-points this flyweight at a whole, uncompressed message (an inflated permessage-deflate message
     * in its destination slot): {@code messageOpcode} TEXT or BINARY, fin, not compressed. Used by the
     * server and client endpoints; the view is valid only during the handler call.
     */
    public WebSocketFrame message(DirectBuffer source, int messageOpcode, int offset, int length) {
        this.buffer = source;
        this.opcode = messageOpcode;
        this.messageOpcode = messageOpcode;
        this.fin = true;
        this.headerLength = 0;
        this.payloadOffset = offset;
        this.payloadLength = length;
        this.closeCode = 0;
        this.compressed = false;
        return this;
    }

    /** The frame's opcode ({@link #TEXT}, {@link #BINARY}, {@link #CONTINUATION}, {@link #CLOSE}, {@link #PING}, {@link #PONG}). */
    public int opcode() {
        return opcode;
    }

    /** For data frames (continuations included): {@link #TEXT} or {@link #BINARY}; for control frames their opcode. */
    public int messageOpcode() {
        return messageOpcode;
    }

    /** Whether this frame ends its message (always true for control frames). */
    public boolean fin() {
        return fin;
    }

    /** Whether this is a control frame (close, ping, pong). */
    public boolean isControl() {
        return (opcode & 0x8) != 0;
    }

    /** The buffer the frame was decoded in. */
    public DirectBuffer buffer() {
        return buffer;
    }

    /** Index of the first payload byte in {@link #buffer()} (unmasked). */
    public int payloadOffset() {
        return payloadOffset;
    }

    /** Payload bytes. */
    public int payloadLength() {
        return payloadLength;
    }

    /** Header bytes (2 to 14). */
    public int headerLength() {
        return headerLength;
    }

    /** For a close frame: its status code, or 1005 (no status) when the payload was empty. */
    public int closeCode() {
        return closeCode;
    }

    /** For a close frame: where the UTF-8 reason starts (after the 2-byte code). */
    public int closeReasonOffset() {
        return payloadOffset + Math.min(2, payloadLength);
    }

    /** For a close frame: reason bytes. */
    public int closeReasonLength() {
        return Math.max(0, payloadLength - 2);
    }

    @Override
    public String toString() {
        return "WebSocketFrame[opcode=" + opcode + " fin=" + fin + " compressed=" + compressed + " payload=" + payloadLength + "]";
    }
}
