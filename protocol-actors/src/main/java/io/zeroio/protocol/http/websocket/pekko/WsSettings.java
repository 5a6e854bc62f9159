package io.zeroio.protocol.http.websocket.pekko;

/**
 * Per-session bounds of the actor and stream WebSocket sessions.
 *
 * @param maxInFlight  received frames delivered and not yet released; when a session holds this
 *                     many leases the shard stops reading its connection (TCP pushes back on the
 *                     peer) until one is released. Also the size of the session's lease table.
 * @param outboxFrames frames queued by {@code trySend*} and not yet handed to the shard; a full
 *                     outbox refuses ({@code trySend*} returns false), it never drops silently
 */
public record WsSettings(int maxInFlight, int outboxFrames) {
    /** 16 leases in flight, 256 queued outgoing frames. */
    public static WsSettings defaults() {
        return new WsSettings(16, 256);
    }

    public WsSettings {
        if (maxInFlight < 1 || maxInFlight > 4096) {
            throw new IllegalArgumentException("maxInFlight must be 1..4096, was " + maxInFlight);
        }
        if (outboxFrames < 2 || outboxFrames > 1 << 20) {
            throw new IllegalArgumentException("outboxFrames must be 2..1048576, was " + outboxFrames);
        }
    }
}
