package io.zeroio.protocol.http.websocket;

import org.agrona.DirectBuffer;

import io.zeroio.protocol.http.response.ZeroResponse;
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

    /** A session writing through {@code writer} (server side). */
    public WebSocketSession(ZeroResponse writer) {
        this.writer = writer;
    }

    /** Server side: points the session at {@code connection}. */
    public WebSocketSession wrap(Io shard, long connection, boolean closeAlreadySent) {
        this.io = shard;
        this.conn = connection;
        this.closeSent = closeAlreadySent;
        return this;
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
        writer.webSocketText(io, conn, WebSocketFrame.TEXT, true, text);
    }

    /** Sends a binary message. */
    public void sendBinary(DirectBuffer src, int offset, int length) {
        send(WebSocketFrame.BINARY, true, src, offset, length);
    }

    /** Sends one frame ({@code opcode} TEXT/BINARY/CONTINUATION, {@code fin} for the last fragment). */
    public void send(int opcode, boolean fin, DirectBuffer src, int offset, int length) {
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
