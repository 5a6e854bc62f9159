package io.zeroio.protocol.http.websocket;

import org.agrona.DirectBuffer;

import io.zeroio.protocol.http.response.ZeroResponse;
import io.zeroio.protocol.http.websocket.deflate.PerMessageDeflate;
import io.zeroio.runtime.pool.SendBuffer;
import io.zeroio.runtime.shard.Io;

/**
 * The connection a {@link WebSocketHandler} call is about: send frames (written once into TX slots,
 * unmasked as a server sends them) or close. A flyweight re-pointed for every call; valid only
 * during it, on the shard thread.
 */
public final class WebSocketSession {
    private final ZeroResponse writer;
    private Io io;
    private long conn;
    private boolean closeSent;
    private PerMessageDeflate deflate;

    /** A session writing through {@code writer} (server side). */
    public WebSocketSession(ZeroResponse writer) {
        this.writer = writer;
    }

    /** Server side: points the session at {@code connection}. */
    public WebSocketSession wrap(Io shard, long connection, boolean closeAlreadySent) {
        this.io = shard;
        this.conn = connection;
        this.closeSent = closeAlreadySent;
        this.deflate = null;
        return this;
    }

    /**
     * Server side: the connection's permessage-deflate codec, or null when not negotiated (set after
     * {@link #wrap}; whole messages sent with {@code fin} are then compressed above the threshold).
     */
    public WebSocketSession deflate(PerMessageDeflate codec) {
        this.deflate = codec != null && codec.active() ? codec : null;
        return this;
    }

    /** Whether permessage-deflate is in use on this connection. */
    public boolean compressed() {
        return deflate != null;
    }

    /** The connection id. */
    public long id() {
        return conn;
    }

    /** Whether a close frame was sent on this connection. */
    public boolean closeSent() {
        return closeSent;
    }

    /** Sends a text message (UTF-8 encoded from {@code text}). */
    public void sendText(CharSequence text) {
        if (deflate != null && deflate.shouldCompress(text.length())) {
            final int n = Utf8Encoder.length(text);
            final SendBuffer staging = io.sendBuffer(Math.max(1, n));
            if (staging != null) {
                try {
                    Utf8Encoder.encode(text, staging.buffer(), 0);
                    send(WebSocketFrame.TEXT, true, staging.buffer(), 0, n);
                    return;
                } finally {
                    staging.abort();
                }
            }
        }
        writer.webSocketText(io, conn, WebSocketFrame.TEXT, true, text);
    }

    /** Sends a binary message. */
    public void sendBinary(DirectBuffer src, int offset, int length) {
        send(WebSocketFrame.BINARY, true, src, offset, length);
    }

    /**
     * Sends one frame ({@code opcode} TEXT/BINARY/CONTINUATION, {@code fin} for the last fragment). With
     * permessage-deflate, a whole message (TEXT/BINARY with fin) above the threshold is compressed
     * (into a scratch slot, then copied once into the TX slot); fragments go uncompressed.
     */
    public void send(int opcode, boolean fin, DirectBuffer src, int offset, int length) {
        if (deflate != null && fin && opcode != WebSocketFrame.CONTINUATION) {
            final SendBuffer compressed = deflate.compressToSlot(io, src, offset, length, 0);
            if (compressed != null) {
                try {
                    writer.webSocketCompressed(io, conn, opcode, compressed.address(), deflate.compressedLength());
                } finally {
                    compressed.abort();
                }
                return;
            }
        }
        writer.webSocketFrame(io, conn, opcode, fin, src, offset, length);
    }

    /** Starts the close handshake with {@code code} and an ASCII reason (≤ 123 bytes). */
    public void close(int code, CharSequence reason) {
        if (!closeSent) {
            closeSent = true;
            writer.webSocketClose(io, conn, code, reason);
        }
    }
}
