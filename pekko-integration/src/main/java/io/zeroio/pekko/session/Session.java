package io.zeroio.pekko.session;

import org.apache.pekko.util.ByteString;

import io.zeroio.pekko.shard.ConnPort;
import io.zeroio.pekko.javadsl.Outgoing;
import io.zeroio.runtime.pool.SendBuffer;

/**
 * A session actor's handle on its connection. Every method is non-blocking and safe from the
 * actor (or any thread): sends go into the connection's lock-free outgoing queue and the shard
 * is scheduled; the actor never touches the shard itself.
 */
public final class Session {
    private final ConnPort port;
    private final long id;
    private volatile boolean wantWritable;

    Session(ConnPort port, long id) {
        this.port = port;
        this.id = id;
    }

    /** A number unique among this server's sessions. */
    public long id() {
        return id;
    }

    /** Index of the shard that owns the connection. */
    public int shard() {
        return port.shard().index();
    }

    /**
     * A writable slot of this connection's shard (write it once, then {@link #send} it with
     * {@link Outgoing#send}); null when the pools are exhausted.
     */
    public SendBuffer sendBuffer(int minSize) {
        return port.shard().sendBuffer(minSize);
    }

    /**
     * Queues an element to send. Returns false when the outgoing buffer is full: the element is
     * released, and a {@link SessionEvent.Writable} follows once there is room. Use
     * {@link #trySend} to keep the element instead (no data dropped).
     */
    public boolean send(Outgoing element) {
        if (trySend(element)) {
            return true;
        }
        io.zeroio.pekko.shard.ZeroIoShard.discard(element);
        return false;
    }

    /**
     * Queues an element to send, or returns false when the outgoing buffer is full. Unlike
     * {@link #send}, a refused element stays the caller's (not released): keep it, and offer it
     * again when the {@link SessionEvent.Writable} that follows arrives. Holding received leases
     * meanwhile shrinks this connection's receive window, so the peer is pushed back.
     */
    public boolean trySend(Outgoing element) {
        if (port.offer(element)) {
            return true;
        }
        wantWritable = true;
        port.requestSignal();
        if (port.offer(element)) { // re-check after asking for the signal (see ConnPort)
            wantWritable = false;
            return true;
        }
        return false;
    }

    /** Copies {@code bytes} into a slot and queues it (one copy); see {@link #send}. */
    public boolean sendCopy(ByteString bytes) {
        return send(Outgoing.copyOf(bytes));
    }

    /** Closes gracefully: queued sends are flushed, then FIN; the actor stops once the connection is closed. */
    public void close() {
        port.finishOutput();
    }

    /** Aborts the connection (queued sends dropped). */
    public void abort() {
        port.abort();
    }

    boolean takeWantWritable() {
        if (wantWritable && port.canOffer()) {
            wantWritable = false;
            return true;
        }
        return false;
    }

    ConnPort port() {
        return port;
    }
}
