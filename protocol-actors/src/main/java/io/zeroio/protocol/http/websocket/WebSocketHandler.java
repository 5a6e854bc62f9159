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

    /**
     * Whether the handler takes another data frame now; asked before each frame is decoded. A
     * handler that returns false pauses the connection's receives (the TCP window pushes back on the
     * peer; unread bytes wait in the connection's scratch slot) until it wakes the connection through
     * its {@link WebSocketSession#waker()} and then returns true. Default: always.
     */
    default boolean acceptsFrames(WebSocketSession session) {
        return true;
    }

    /**
     * Called on the shard thread after {@link WebSocketWaker#wake()} (from any thread) and when the
     * connection's TX queue drained after being full: the place to send what other threads queued.
     */
    default void onWake(WebSocketSession session) {
    }

    /** The session ended with {@code code} (the peer's close code, or the one the server failed it with, or 1006). */
    default void onClose(WebSocketSession session, int code) {
    }
}
