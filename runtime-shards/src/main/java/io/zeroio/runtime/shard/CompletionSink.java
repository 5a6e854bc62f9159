package io.zeroio.runtime.shard;

import java.net.SocketAddress;

/**
 * What a {@link ShardBackend} reports back to its shard, on the shard thread, as completions are
 * reaped. Connection arguments are table indexes (not ids); the shard owns the table.
 * Internal SPI: applications never call it.
 */
public interface CompletionSink {
    /** Sentinel returned by {@link ShardBackend#send} when the send completes later. */
    int PENDING = Integer.MIN_VALUE;

    /** Whether the event queue has room for {@code n} more events (reap no more when false). */
    boolean hasRoom(int n);

    /**
     * A listener accepted a connection. The shard answers with the table index the backend must
     * store its socket under, or -1 when the table is full (the backend then closes the socket).
     */
    int onAccepted(int endpoint);

    /** An outgoing connect finished: {@code result} 0 or -errno. */
    void onConnected(int conn, int result);

    /** {@code length} bytes at {@code offset} of slot {@code handle} arrived; the event owns the reference. */
    void onData(int conn, long handle, int offset, int length);

    /** The peer finished sending (recv returned 0). */
    void onEndOfStream(int conn);

    /** A receive or the connection failed with {@code -errno}. */
    void onReceiveError(int conn, int negErrno);

    /** The in-flight send of {@code conn} finished: total bytes, or -errno. */
    void onSent(int conn, int result);

    /** The backend finished closing {@code conn}: every operation on it has completed. */
    void onClosed(int conn);

    /** A datagram arrived on {@code endpoint}; source as a native sockaddr. */
    void onDatagramNative(int endpoint, long handle, int offset, int length, long sockaddr, int sockaddrLength);

    /** A datagram arrived on {@code endpoint}; source as an object (NIO). */
    void onDatagramObject(int endpoint, long handle, int offset, int length, SocketAddress source);

    /** A datagram send on {@code endpoint} finished: bytes or -errno; the slot reference returns to the shard. */
    void onDatagramSent(int endpoint, long handle, int result);

    /** An endpoint-level failure (e.g. accept failed) with {@code -errno}. */
    void onEndpointError(int endpoint, int negErrno);

    /**
     * A slot for receiving: checks out an RX slot, or returns
     * {@link io.zeroio.runtime.pool.SlotHandle#NONE} (and counts an RX drop) when the pool is
     * exhausted or RX is out of budget.
     */
    long acquireRxSlot();

    /**
     * Whether {@link #acquireRxSlot()} would grant a slot now (no side effect, no drop counted).
     * Backends ask this before re-arming receives they stopped for lack of slots, so a starved
     * socket is not polled again and again while every read would be refused.
     */
    boolean rxSlotAvailable();

    /**
     * A receive stopped because no RX buffer was there to take (io_uring {@code -ENOBUFS}: the
     * kernel had data, the provided-buffer ring was empty); counts one RX drop, as a refused
     * {@link #acquireRxSlot()} does. The data stays in the socket.
     */
    void onRxStarved();
}
