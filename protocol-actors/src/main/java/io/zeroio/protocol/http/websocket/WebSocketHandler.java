package io.zeroio.protocol.http.websocket;

/**
 * Application code of a WebSocket endpoint, called inline on the shard thread (register it with
 * {@code Router.websocket(path, handler)}). Frames arrive one by one, in place in the receive slot:
 * a fragmented message arrives as its fragments ({@link WebSocketFrame#fin()} marks the last;
 * {@link WebSocketFrame#messageOpcode()} says text or binary). Text is already UTF-8-validated;
 * pings are answered, and the close handshake completed, by the server.
 */
public interface WebSocketHandler {
    /** The upgrade completed. */
    default void onOpen(WebSocketSession session) {
    }

    /** A data frame (text, binary or a continuation of one). Valid only during the call. */
    void onFrame(WebSocketSession session, WebSocketFrame frame);

    /** The session ended with {@code code} (the peer's close code, or the one the server failed it with, or 1006). */
    default void onClose(WebSocketSession session, int code) {
    }
}
