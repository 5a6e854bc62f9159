package io.zeroio.protocol.http.websocket.pekko;

/**
 * What a WebSocket session actor receives ({@link WebSocketActors}): {@link Opened} once, then a
 * {@link WsMessage} per data frame, then exactly one of {@link PeerClosed} or {@link Failed}.
 * After the last one the connection is gone: the actor should stop (its leases were reclaimed).
 */
public sealed interface WsEvent permits WsEvent.Opened, WsMessage, WsEvent.PeerClosed, WsEvent.Failed {

    /** The upgrade completed; {@code connection} sends and closes (thread-safe, keep it). */
    record Opened(WsConnection connection) implements WsEvent {
    }

    /** The peer sent a close frame with {@code code} (1005: none); the server answered it and closed. */
    record PeerClosed(int code) implements WsEvent {
    }

    /**
     * The session ended without the peer's close frame: {@code code} is 1006 (the TCP connection went
     * away), 1001 (idle, or the server/actor system going away), or the code the server failed the
     * connection with (1002 protocol error, 1007 invalid UTF-8, 1009 too big, 1011 handler failure).
     */
    record Failed(int code) implements WsEvent {
    }
}
