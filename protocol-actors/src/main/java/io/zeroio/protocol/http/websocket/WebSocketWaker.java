package io.zeroio.protocol.http.websocket;

import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;

import io.zeroio.runtime.shard.IoHandle;

/**
 * Thread-safe doorbell of one WebSocket connection: {@link #wake()} from any thread makes the shard
 * call {@link WebSocketHandler#onWake} for that connection soon (from {@code afterPoll}, after the
 * current poll's events). Wakes coalesce: while one is pending, further calls cost one CAS.
 * Obtained on the shard thread from {@link WebSocketSession#waker()}; a waker of a connection that
 * has ended is ignored by the shard.
 */
public final class WebSocketWaker {
    private final long conn;
    private final Queue<WebSocketWaker> attention;
    private final IoHandle handle;
    private final AtomicBoolean pending = new AtomicBoolean();

    WebSocketWaker(long conn, Queue<WebSocketWaker> attention, IoHandle handle) {
        this.conn = conn;
        this.attention = attention;
        this.handle = handle;
    }

    /** The connection this waker belongs to. */
    public long connection() {
        return conn;
    }

    /** Asks the shard to call the connection's {@link WebSocketHandler#onWake}. Any thread, lock-free. */
    public void wake() {
        // The CAS makes one producer enqueue; the shard clears the flag (claimForService) *before* it
        // services the connection, so a wake that races with the service either sees the flag clear
        // and enqueues again, or was set before the clear and its work is seen by that service
        // (the flag's volatile write/read order the producer's earlier writes before the service).
        if (pending.compareAndSet(false, true)) {
            attention.offer(this);
            handle.wake();
        }
    }

    /** Shard thread: clears the pending flag before the connection is serviced. */
    public void claimForService() {
        pending.set(false);
    }
}
