package io.zeroio.protocol.http.server;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

import io.zeroio.runtime.pool.Pools;
import io.zeroio.runtime.shard.IoHandle;

/**
 * A request body streamed to the application as it arrives (the seed's {@code body_stream()}):
 * each run of body bytes stays in the receive slot it arrived in, and is handed over as a
 * {@link Chunk} — a lease on that slot — through a single-producer ring (the shard produces, one
 * consumer thread takes). When {@code body-stream-leases} chunks are unconsumed, the shard pauses
 * the connection's receives (the TCP window pushes back on the client); releasing chunks resumes
 * it. No byte is copied; chunked bodies are de-framed without moving bytes (a chunk per data run).
 *
 * <pre>{@code
 * router.stream(HttpMethod.POST, "/upload", (head, res, body) -> {
 *     HttpExchange ex = HttpExchange.defer(res);
 *     executor.execute(() -> {
 *         for (BodyStream.Chunk c; (c = body.take(10, SECONDS)) != null; ) {
 *             digest.update(c.buffer(), c.length());   // read where the kernel wrote it
 *             c.release();
 *         }
 *         ex.reply(body.isComplete() ? ok : ZeroHttpReply.status(400));
 *     });
 * });
 * }</pre>
 *
 * <p>Lifetime: chunks must be released (each exactly once). When the body is complete,
 * {@link #take} returns null and {@link #isComplete()} is true; when the connection broke or the
 * body was malformed, it returns null and {@link #isFailed()} is true (chunks not yet taken are
 * released by the shard). The object belongs to its connection and is reused for its next streamed
 * body: do not keep it after answering.
 *
 * <h2>Memory ordering</h2>
 * The shard writes an entry (handle, address, length) and then publishes {@code head} with a
 * release store; the consumer's acquire read of {@code head} sees the entry. The consumer claims an
 * entry by CAS on {@code tail} (the shard also claims entries by CAS when it abandons a body, so
 * each entry is released exactly once), and counts releases in {@code released}; occupancy is
 * {@code head - released}, read by the shard to pause and by the consumer to ask for a resume.
 */
public final class BodyStream {
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle RELEASED;
    private static final VarHandle PAUSED;

    static {
        try {
            final MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(BodyStream.class, "head", long.class);
            TAIL = l.findVarHandle(BodyStream.class, "tail", long.class);
            RELEASED = l.findVarHandle(BodyStream.class, "released", long.class);
            PAUSED = l.findVarHandle(BodyStream.class, "paused", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final int OPEN = 0;
    static final int COMPLETE = 1;
    static final int FAILED = 2;

    final int index;
    private final Pools pools;
    private final IoHandle handle;
    private final ManyToOneConcurrentArrayQueue<BodyStream> resumes;
    private final int pauseAt;
    private final int capacity;
    private final long[] handles;
    private final int[] lengths;
    private final long[] addresses;
    private final Chunk[] chunks;
    private volatile long head;
    private volatile long tail;
    private volatile long released;
    private volatile int paused;
    private volatile int state;
    private volatile Thread waiter;
    long conn;
    long expected; // Content-Length, or -1 for chunked (shard only)
    long received; // body bytes handed over (shard only)

    BodyStream(int index, Pools pools, IoHandle handle, ManyToOneConcurrentArrayQueue<BodyStream> resumes, int pauseAt,
               int rxBuffers) {
        this.index = index;
        this.pools = pools;
        this.handle = handle;
        this.resumes = resumes;
        this.pauseAt = pauseAt;
        // Room beyond the pause mark for receives the kernel completes after the pause took effect:
        // io_uring's multishot receive may fill every provided buffer before its cancel lands.
        this.capacity = Integer.highestOneBit(Math.max(64, Math.max(pauseAt * 8, rxBuffers + pauseAt)) - 1) << 1;
        this.handles = new long[capacity];
        this.lengths = new int[capacity];
        this.addresses = new long[capacity];
        this.chunks = new Chunk[capacity];
        for (int i = 0; i < capacity; i++) {
            chunks[i] = new Chunk(this);
        }
    }

    // ------------------------------------------------------------------ shard side

    /** Shard: starts a body for {@code connection} ({@code contentLength} -1 for chunked). */
    void open(long connection, long contentLength) {
        conn = connection;
        expected = contentLength;
        received = 0;
        PAUSED.setRelease(this, 0);
        state = OPEN;
    }

    /** Shard: whether {@code n} more entries fit. */
    boolean hasRoom() {
        return head - released < capacity; // a taken but unreleased chunk keeps its entry
    }

    /**
     * Shard: hands over {@code length} bytes at {@code address} in slot {@code h}, taking one more
     * reference on it; true when the consumer now holds {@code body-stream-leases} or more (pause).
     */
    boolean offer(long h, long address, int length) {
        pools.poolOf(h).retain(h);
        final long at = head;
        final int k = (int) (at & (capacity - 1));
        handles[k] = h;
        addresses[k] = address;
        lengths[k] = length;
        received += length;
        HEAD.setRelease(this, at + 1);
        wakeConsumer();
        return at + 1 - released >= pauseAt;
    }

    /** Shard: marks the receives paused; the consumer asks for a resume when it catches up. */
    void markPaused() {
        PAUSED.setVolatile(this, 1);
    }

    /** Shard: the body ended (all bytes handed over). */
    void complete() {
        state = COMPLETE;
        wakeConsumer();
    }

    /** Shard: the body will not complete; releases every chunk not taken yet. */
    void fail() {
        if (state == OPEN) {
            state = FAILED;
        }
        for (long t; (t = tail) < head; ) {
            if (TAIL.compareAndSet(this, t, t + 1)) {
                pools.release(handles[(int) (t & (capacity - 1))]);
                RELEASED.getAndAdd(this, 1L);
            }
        }
        wakeConsumer();
    }

    boolean isOpen() {
        return state == OPEN;
    }

    /** Shard: whether the consumer released what it held (the object may serve the next body). */
    boolean isReusable() {
        return state != OPEN && released == head;
    }

    /** Shard: whether the consumer holds a quarter of the pause mark or less. */
    boolean caughtUp() {
        return head - released <= pauseAt / 4;
    }

    /** Shard: clears the pause flag; true when it was set (and so nobody queued a resume). */
    boolean unpause() {
        return PAUSED.compareAndSet(this, 1, 0);
    }

    private void wakeConsumer() {
        final Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    // ------------------------------------------------------------------ consumer side

    /** The next chunk, or null when none is there now (see {@link #isComplete()} / {@link #isFailed()}). */
    public Chunk poll() {
        for (;;) {
            final long t = tail;
            if (t >= (long) HEAD.getAcquire(this)) {
                return null;
            }
            if (TAIL.compareAndSet(this, t, t + 1)) {
                final int k = (int) (t & (capacity - 1));
                return chunks[k].arm(handles[k], addresses[k], lengths[k]);
            }
        }
    }

    /**
     * The next chunk, waiting up to {@code timeout} for it; null at the end of the body
     * ({@link #isComplete()}), when it failed ({@link #isFailed()}), or on timeout (neither).
     */
    public Chunk take(long timeout, TimeUnit unit) throws InterruptedException {
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        waiter = Thread.currentThread();
        try {
            for (;;) {
                final Chunk c = poll();
                if (c != null) {
                    return c;
                }
                if (state != OPEN && tail >= head) {
                    return null;
                }
                final long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                LockSupport.parkNanos(this, Math.min(left, 10_000_000L));
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            waiter = null;
        }
    }

    /** Whether the whole body arrived and every chunk was taken. */
    public boolean isComplete() {
        return state == COMPLETE && tail >= head;
    }

    /** Whether the body broke off (connection lost, malformed chunking, too large, answered early). */
    public boolean isFailed() {
        return state == FAILED;
    }

    /** The declared {@code Content-Length}, or -1 for a chunked body. */
    public long contentLength() {
        return expected;
    }

    private void released() {
        final long r = (long) RELEASED.getAndAdd(this, 1L) + 1;
        // Caught up to a quarter of the mark: ask the shard to read again (once per pause).
        if (paused != 0 && head - r <= pauseAt / 4 && PAUSED.compareAndSet(this, 1, 0)) {
            resumes.offer(this);
            handle.wake();
        }
    }

    /** A run of body bytes where they arrived: valid until {@link #release()}. */
    public static final class Chunk {
        private final BodyStream stream;
        private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        private long slot;

        Chunk(BodyStream stream) {
            this.stream = stream;
        }

        Chunk arm(long h, long address, int length) {
            slot = h;
            view.wrap(address, length);
            return this;
        }

        /** The bytes (a view into the receive slot). */
        public DirectBuffer buffer() {
            return view;
        }

        /** Bytes in this chunk. */
        public int length() {
            return view.capacity();
        }

        /** Copies the bytes into {@code dst} at {@code offset} (for APIs that want arrays). */
        public void getBytes(byte[] dst, int offset) {
            view.getBytes(0, dst, offset, view.capacity());
        }

        /** Returns the slot reference (once). */
        public void release() {
            final long h = slot;
            if (h == 0) {
                throw new IllegalStateException("chunk released twice");
            }
            slot = 0;
            view.wrap(0, 0);
            stream.pools.release(h);
            stream.released();
        }
    }
}
