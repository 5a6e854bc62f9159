package io.zeroio.pekko.shard;

/**
 * Internal: what a port's consumer (a stream stage or a session host) is told by its shard. Called
 * on the shard thread; implementations only hand the signal over (an {@code AsyncCallback} invoke
 * of a constant) and must not block.
 */
public interface PortListener {
    /** Something changed: data arrived after a starved pull, room to send, peer closed, closed, failed. */
    void signal();
}
