package io.zeroio.runtime.shard;

import java.net.SocketAddress;

/**
 * The per-poll event queue in struct-of-arrays form, allocated once at boot. Shard thread only.
 * Each row is what one {@link Event} flyweight shows; slot references held by rows are released
 * by the shard at the start of the next poll.
 */
final class EventQueue {
    final byte[] type;
    final long[] conn;
    final int[] endpoint;
    final long[] handle;
    final int[] offset;
    final int[] length;
    final int[] errno;
    final long[] aux;
    final long[] peerNative;
    final int[] peerNativeLength;
    final SocketAddress[] peerObject;
    /** Rows the backend may fill while reaping; the rest is slack for forced events (close, errors). */
    final int reapLimit;
    int count;
    int cursor;

    EventQueue(int reapLimit, int slack) {
        this.reapLimit = reapLimit;
        final int capacity = reapLimit + slack;
        type = new byte[capacity];
        conn = new long[capacity];
        endpoint = new int[capacity];
        handle = new long[capacity];
        offset = new int[capacity];
        length = new int[capacity];
        errno = new int[capacity];
        aux = new long[capacity];
        peerNative = new long[capacity];
        peerNativeLength = new int[capacity];
        peerObject = new SocketAddress[capacity];
    }

    int capacity() {
        return type.length;
    }

    boolean hasRoom(int n) {
        return count + n <= reapLimit;
    }

    /** Appends a row and returns its index; callers fill the payload columns they use. */
    int add(EventType t, long connId, int ep) {
        if (count == type.length) {
            throw new IllegalStateException("event queue overflow: " + count + " events in one poll");
        }
        final int i = count++;
        type[i] = (byte) t.ordinal();
        conn[i] = connId;
        endpoint[i] = ep;
        handle[i] = 0L;
        offset[i] = 0;
        length[i] = 0;
        errno[i] = 0;
        aux[i] = 0L;
        peerNative[i] = 0L;
        peerObject[i] = null;
        return i;
    }
}
