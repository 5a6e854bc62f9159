package io.zeroio.protocol.http.server;

/**
 * Told by {@link HttpShardHandler} when a connection opens and when it is gone, on the shard
 * thread (must not block). Serving modes use it to set up and tear down per-connection state.
 */
public interface HttpConnectionListener {
    /** A connection was accepted. */
    default void opened(long conn) {
    }

    /** The connection is gone (its deferred request, if any, was given up before this call). */
    void closed(long conn);
}
