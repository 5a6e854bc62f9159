package io.zeroio.runtime.shard;

/**
 * The shard's connection table, struct-of-arrays, allocated at boot (shard thread only).
 * A connection id is {@code generation << 32 | index}; the generation moves on when an index is
 * reused, so an id outlives its connection harmlessly (every lookup checks it).
 *
 * <p>Each connection has a fixed ring of queued sends (slot handle, offset, length); the head
 * entry is the one in flight.
 */
final class Connections {
    static final int OPEN = 1;
    static final int CONNECTING = 1 << 1;
    static final int PEER_CLOSED = 1 << 2;
    static final int OUTPUT_SHUT = 1 << 3;
    static final int CLOSING = 1 << 4;
    static final int GRACEFUL = 1 << 5;
    static final int SEND_IN_FLIGHT = 1 << 6;
    static final int WAS_FULL = 1 << 7;
    static final int RX_PAUSED = 1 << 8;
    static final int KIND_UDS = 1 << 9;

    final int capacity;
    final int txDepth;
    private final int txMask;
    final int[] generation;
    final int[] flags;
    final int[] endpoint;
    final long[] lastActiveNanos;
    final long[] closeDeadlineNanos;
    final int[] closeErrno;
    final long[] bytesIn;
    final long[] bytesOut;
    final long[] messagesIn;
    final long[] messagesOut;
    final long[] txHandle;
    final int[] txOffset;
    final int[] txLength;
    final int[] txHead;
    final int[] txCount;
    private final int[] free;
    private int freeTop;
    int open;

    Connections(int capacity, int txDepth) {
        this.capacity = capacity;
        this.txDepth = txDepth;
        this.txMask = txDepth - 1;
        generation = new int[capacity];
        flags = new int[capacity];
        endpoint = new int[capacity];
        lastActiveNanos = new long[capacity];
        closeDeadlineNanos = new long[capacity];
        closeErrno = new int[capacity];
        bytesIn = new long[capacity];
        bytesOut = new long[capacity];
        messagesIn = new long[capacity];
        messagesOut = new long[capacity];
        txHandle = new long[capacity * txDepth];
        txOffset = new int[capacity * txDepth];
        txLength = new int[capacity * txDepth];
        txHead = new int[capacity];
        txCount = new int[capacity];
        free = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            generation[i] = 1;
            free[i] = capacity - 1 - i; // pop order 0, 1, 2 ...
        }
        freeTop = capacity;
    }

    /** Takes a free index, or -1 when the table is full. */
    int allocate(int ep, int initialFlags, long nowNanos) {
        if (freeTop == 0) {
            return -1;
        }
        final int i = free[--freeTop];
        flags[i] = initialFlags;
        endpoint[i] = ep;
        lastActiveNanos[i] = nowNanos;
        closeDeadlineNanos[i] = 0;
        closeErrno[i] = 0;
        bytesIn[i] = 0;
        bytesOut[i] = 0;
        messagesIn[i] = 0;
        messagesOut[i] = 0;
        txHead[i] = 0;
        txCount[i] = 0;
        open++;
        return i;
    }

    /** Retires an index: its generation moves on so old ids stop matching. */
    void retire(int i) {
        flags[i] = 0;
        int g = generation[i] + 1;
        if (g == 0) {
            g = 1;
        }
        generation[i] = g;
        free[freeTop++] = i;
        open--;
    }

    long id(int i) {
        return (long) generation[i] << 32 | i;
    }

    /** Index of a live id, or -1. */
    int indexOf(long id) {
        final int i = (int) id;
        if (i < 0 || i >= capacity || generation[i] != (int) (id >>> 32) || flags[i] == 0) {
            return -1;
        }
        return i;
    }

    boolean txFull(int i) {
        return txCount[i] == txDepth;
    }

    void txPush(int i, long handle, int offset, int length) {
        final int at = i * txDepth + ((txHead[i] + txCount[i]) & txMask);
        txHandle[at] = handle;
        txOffset[at] = offset;
        txLength[at] = length;
        txCount[i]++;
    }

    int txHeadIndex(int i) {
        return i * txDepth + txHead[i];
    }

    /** Removes the head entry and returns its handle. */
    long txPop(int i) {
        final int at = i * txDepth + txHead[i];
        final long h = txHandle[at];
        txHandle[at] = 0;
        txHead[i] = (txHead[i] + 1) & txMask;
        txCount[i]--;
        return h;
    }
}
