package io.zeroio.pekko.session;

import io.zeroio.pekko.javadsl.Lease;

/**
 * What a session actor ({@code Behavior<SessionEvent>}) receives. The runtime sends
 * {@link Received}, {@link Writable}, {@link PeerClosed} and {@link Failed}; applications add their
 * own message types by implementing this interface (e.g. a chat room's broadcast).
 */
public interface SessionEvent {

    /**
     * Bytes arrived: a lease on the slot the kernel wrote. Release it (or send it on with
     * {@link Session#send}) when done; unreleased leases count against the connection's prefetch.
     *
     * @param lease the payload
     */
    record Received(Lease lease) implements SessionEvent {
    }

    /** The connection's outgoing buffer has room again after a {@link Session#send} returned false. */
    record Writable() implements SessionEvent {
        /** The one instance. */
        public static final Writable INSTANCE = new Writable();
    }

    /** The peer finished sending (EOF); replies can still be sent. */
    record PeerClosed() implements SessionEvent {
        /** The one instance. */
        public static final PeerClosed INSTANCE = new PeerClosed();
    }

    /**
     * The connection failed (reset, error, shard stopped). The actor is stopped after this.
     *
     * @param cause what happened
     */
    record Failed(Throwable cause) implements SessionEvent {
    }
}
