package io.zeroio.pekko.javadsl;

import org.apache.pekko.util.ByteString;

import io.zeroio.runtime.pool.SendBuffer;

/**
 * An element a connection's sink side sends. Three kinds:
 * <ul>
 *   <li>{@link Send}: a {@link SendBuffer} the producer checked out from the connection's shard
 *       ({@code IncomingConnection#sendBuffer}) and wrote once; the kernel sends from that memory
 *       (0 copies). {@link #send} marks it <em>bulk</em> (shed while the shard's cascade is Critical
 *       or Drain), {@link #critical} marks it critical (never shed).</li>
 *   <li>{@link Lease}: a received payload forwarded as is (e.g. an echo): 0 copies on the same shard,
 *       one counted copy when the target connection lives on another shard. Bulk.</li>
 *   <li>{@link Bytes}: a {@link ByteString} (compatibility adapter): one copy into a slot. Bulk.</li>
 * </ul>
 * Ownership passes to the connection when the element is pushed into it; whatever happens next
 * (sent, shed, connection closed, stream failed, system terminated) the slot is released exactly once.
 */
public sealed interface Outgoing permits Outgoing.Send, Outgoing.Bytes, Outgoing.To, Lease {

    /** A bulk send of a written slot. */
    static Outgoing send(SendBuffer buffer) {
        return new Send(buffer, false);
    }

    /** A critical send (handshakes, control frames): never shed by the cascade. */
    static Outgoing critical(SendBuffer buffer) {
        return new Send(buffer, true);
    }

    /** A copy of {@code bytes} (one copy, into a slot of the connection's shard). */
    static Outgoing copyOf(ByteString bytes) {
        return new Bytes(bytes);
    }

    /** A datagram: {@code payload} sent to {@code target} (UDP flows only). */
    static Outgoing to(java.net.SocketAddress target, Outgoing payload) {
        return new To(target, payload);
    }

    /**
     * A datagram for a UDP flow.
     *
     * @param target  where to send it
     * @param payload what to send (a Send, Bytes or a received Lease, which is copied once)
     */
    record To(java.net.SocketAddress target, Outgoing payload) implements Outgoing {
    }

    /**
     * A written slot to send.
     *
     * @param buffer   the slot (length set by the producer)
     * @param critical true: never shed; false: bulk, shed under Critical/Drain
     */
    record Send(SendBuffer buffer, boolean critical) implements Outgoing {
    }

    /**
     * Bytes to copy into a slot and send (bulk).
     *
     * @param bytes the bytes
     */
    record Bytes(ByteString bytes) implements Outgoing {
    }
}
