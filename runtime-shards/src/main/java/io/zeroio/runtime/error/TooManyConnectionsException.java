package io.zeroio.runtime.error;

/** The shard's connection table is full ({@code max-connections}); the new connection was refused. */
public final class TooManyConnectionsException extends ZeroIoException {
    private static final long serialVersionUID = 1L;

    /** With the configured limit in the message. */
    public TooManyConnectionsException(int maxConnections) {
        super("connection table full: max-connections = " + maxConnections
            + " are open on this shard; raise max-connections or add shards");
    }
}
