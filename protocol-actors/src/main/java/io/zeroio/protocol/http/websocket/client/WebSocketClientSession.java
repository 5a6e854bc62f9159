package io.zeroio.protocol.http.websocket.client;

import org.agrona.DirectBuffer;

import io.zeroio.protocol.http.websocket.WebSocketFrame;
import io.zeroio.runtime.shard.Io;

/**
 * A client connection as its handler sees it: send masked frames, ping, close. A flyweight re-pointed
 * for every call (or by {@link ShardWebSocketClient#session}); use it on the shard thread only and do
 * not keep it — keep {@link #id()} instead.
 *
 * <p>Every send writes the frame once into a TX slot and masks it there with a fresh key
 * (RFC 6455 §5.3). Sends return false when the connection is not open (or closing), no slot is free or
 * the shard refused the send (its queue is full); the message was then not sent.
 */
public final class WebSocketClientSession {
    private final ShardWebSocketClient client;
    Io io;
    long conn;

    WebSocketClientSession(ShardWebSocketClient client) {
        this.client = client;
    }

    /** The connection id. */
    public long id() {
        return conn;
    }

    /** Whether the session is open and no close frame was sent yet. */
    public boolean isOpen() {
        return client.isOpen(conn);
    }

    /** Whether permessage-deflate was negotiated on this connection. */
    public boolean compressed() {
        return client.compressionActive(conn);
    }

    /** Sends a text message (UTF-8 encoded from {@code text}; compressed when negotiated and long enough). */
    public boolean sendText(CharSequence text) {
        return client.sendText(io, conn, text);
    }

    /**
     * Sends a binary message: compressed when negotiated and long enough; split into fragments when it
     * does not fit the largest pool slot.
     */
    public boolean sendBinary(DirectBuffer src, int offset, int length) {
        return client.sendMessage(io, conn, WebSocketFrame.BINARY, src, offset, length);
    }

    /** Sends a whole message of {@code opcode} TEXT or BINARY (text must be valid UTF-8). */
    public boolean sendMessage(int opcode, DirectBuffer src, int offset, int length) {
        return client.sendMessage(io, conn, opcode, src, offset, length);
    }

    /** Sends one raw frame (TEXT/BINARY/CONTINUATION, {@code fin} on the last fragment), never compressed. */
    public boolean sendFrame(int opcode, boolean fin, DirectBuffer src, int offset, int length) {
        return client.sendFrame(io, conn, opcode, fin, false, src, offset, length);
    }

    /** Sends a ping with up to 125 bytes of application data. */
    public boolean ping(DirectBuffer src, int offset, int length) {
        if (length > 125) {
            throw new IllegalArgumentException("a ping carries at most 125 bytes");
        }
        return client.sendFrame(io, conn, WebSocketFrame.PING, true, false, src, offset, length);
    }

    /**
     * Starts the close handshake with {@code code} and an ASCII {@code reason} (≤ 123 bytes); the
     * session ends ({@code onClose}) when the server's close frame arrives, or after the close timeout.
     */
    public void close(int code, CharSequence reason) {
        client.close(io, conn, code, reason);
    }
}
