package io.zeroio.protocol.http.websocket.client;

import io.zeroio.protocol.http.websocket.WebSocketFrame;

/**
 * Application code of a client WebSocket connection, called inline on the shard thread (the client's
 * sibling of {@code WebSocketHandler}). Frames arrive one by one, in place in the receive slot
 * (unmasked, UTF-8-validated); a permessage-deflate message arrives inflated as one whole frame.
 * Pings are answered and the close handshake is completed by the client.
 */
public interface WebSocketClientHandler {
    /** The handshake completed; {@code session} can send. */
    default void onOpen(WebSocketClientSession session) {
    }

    /** A data frame (text, binary or a continuation of one). Valid only during the call. */
    void onFrame(WebSocketClientSession session, WebSocketFrame frame);

    /** A pong (the answer to {@link WebSocketClientSession#ping}, or unsolicited). */
    default void onPong(WebSocketClientSession session, WebSocketFrame frame) {
    }

    /**
     * The open session ended with {@code code}: the server's close code, the code the client failed
     * the connection with (1002 protocol error, 1007 invalid data, 1009 too big), or 1006 (no close frame).
     */
    default void onClose(WebSocketClientSession session, int code) {
    }

    /** The connection never opened. Connection {@code conn} is closed by the client. */
    void onFailure(long conn, WebSocketClientException failure);
}
