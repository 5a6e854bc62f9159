package io.zeroio.pekko.shard;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import org.jctools.queues.MpscArrayQueue;

/**
 * Internal: one bind across all shards. Shards offer accepted connections (as ports) into a
 * bounded MPSC queue consumed by the bind stage; a full queue refuses (closes) new connections.
 */
public final class ListenerPort {
    final MpscArrayQueue<ConnPort> accepted;
    final int[] endpoints;
    private volatile PortListener listener;
    private volatile int wantSignal;
    private volatile boolean unbound;
    private volatile SocketAddress localAddress;

    ListenerPort(int shards, int acceptBuffer) {
        this.accepted = new MpscArrayQueue<>(Math.max(2, acceptBuffer));
        this.endpoints = new int[shards];
        java.util.Arrays.fill(endpoints, -1);
    }

    /** Consumer: the listener signalled when a connection is accepted. */
    public void attach(PortListener l) {
        this.listener = l;
    }

    /** Consumer: the next accepted connection, or null. */
    public ConnPort poll() {
        return accepted.poll();
    }

    /** Consumer: ask for a signal at the next accept (then re-check {@link #poll()}). */
    public void requestSignal() {
        wantSignal = 1;
    }

    /** The bound address (port resolved). */
    public SocketAddress localAddress() {
        return localAddress;
    }

    void localAddress(SocketAddress a) {
        this.localAddress = a;
    }

    /** Whether it was unbound. */
    public boolean isUnbound() {
        return unbound;
    }

    void markUnbound() {
        unbound = true;
    }

    void signal() {
        if (wantSignal != 0) {
            wantSignal = 0;
            final PortListener l = listener;
            if (l != null) {
                l.signal();
            }
        }
    }

    /** Wakes the consumer after an unbind so it can complete. */
    public void signalAfterUnbind() {
        markUnbound();
        signalAlways();
    }

    void signalAlways() {
        wantSignal = 0;
        final PortListener l = listener;
        if (l != null) {
            l.signal();
        }
    }

    /** A new listener port for {@code shards} shards. */
    public static ListenerPort create(int shards, int acceptBuffer) {
        return new ListenerPort(shards, acceptBuffer);
    }

    static InetSocketAddress inet(SocketAddress a) {
        return (InetSocketAddress) a;
    }
}
