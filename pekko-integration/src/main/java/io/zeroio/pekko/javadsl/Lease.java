package io.zeroio.pekko.javadsl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.pekko.util.ByteString;

import io.zeroio.pekko.shard.ConnPort;

/**
 * A received payload: a lease on the off-heap pool slot the kernel wrote, not a copy. Read it
 * through {@link #buffer()} (an Agrona {@link DirectBuffer} view over the slot), then
 * {@link #release()} it, or push it into a connection's sink (which takes it over, e.g. for an echo).
 *
 * <h2>Release rules</h2>
 * <ul>
 *   <li>Release exactly once ({@link #release()} / {@link #close()}); a second release throws
 *       {@link IllegalStateException}. Any thread may release.</li>
 *   <li>A connection has at most {@code zero-io.streams.prefetch} leases outstanding; holding leases
 *       stops the shard from re-arming receives on that connection (TCP backpressure).</li>
 *   <li>Leases still held when their connection's stream has terminated and the connection is
 *       closed, or when the ActorSystem terminates, are reclaimed by the runtime; reading one
 *       afterwards throws, releasing it afterwards is a no-op. Nothing leaks.</li>
 * </ul>
 */
public final class Lease implements Outgoing, AutoCloseable {
    private static final int LIVE = 0;
    private static final int RELEASED = 1;
    private static final int TRANSFERRED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Lease.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ConnPort port;
    private final int entry;
    private final long handle;
    private final int offset;
    private final int length;
    private volatile int state;
    private UnsafeBuffer view;

    /** Internal: created by the connection stage for ring entry {@code entry}. */
    public Lease(ConnPort port, int entry, long handle, int offset, int length) {
        this.port = port;
        this.entry = entry;
        this.handle = handle;
        this.offset = offset;
        this.length = length;
    }

    /** Payload bytes. */
    public int length() {
        return length;
    }

    /** Native address of the first payload byte (valid until released). */
    public long address() {
        ensureLive();
        return port.slotAddress(handle) + offset;
    }

    /** A read view over the payload where the kernel wrote it (created on first use). */
    public DirectBuffer buffer() {
        ensureLive();
        UnsafeBuffer v = view;
        if (v == null) {
            v = new UnsafeBuffer(port.slotAddress(handle) + offset, length);
            view = v;
        }
        return v;
    }

    /** One payload byte. */
    public byte getByte(int index) {
        return buffer().getByte(index);
    }

    /** Copies the payload into {@code dst} at {@code dstOffset} (one copy; the lease stays held). */
    public void getBytes(byte[] dst, int dstOffset) {
        buffer().getBytes(0, dst, dstOffset, length);
    }

    /** The payload copied into a new array (one copy; the lease stays held). */
    public byte[] toByteArray() {
        final byte[] out = new byte[length];
        getBytes(out, 0);
        return out;
    }

    /** The payload copied into a {@link ByteString} (the adapter's one copy; the lease stays held). */
    public ByteString toByteString() {
        return ByteString.fromArrayUnsafe(toByteArray());
    }

    /** Whether this lease can still be read (not released, transferred or reclaimed). */
    public boolean isLive() {
        return state == LIVE && port.isEntryLive(entry, handle);
    }

    /**
     * Gives the slot back. Exactly once: a second call throws. After a reclaim (connection gone,
     * system terminated) this is a no-op.
     *
     * @throws IllegalStateException when already released or handed to a sink
     */
    public void release() {
        if (!STATE.compareAndSet(this, LIVE, RELEASED)) {
            throw new IllegalStateException("lease released twice (or released after it was pushed into a sink)");
        }
        port.releaseEntry(entry, handle);
    }

    /** {@link #release()}. */
    @Override
    public void close() {
        release();
    }

    /**
     * Internal: takes the slot reference away from this lease for a send. Returns the handle, or
     * 0 when the lease was reclaimed meanwhile.
     *
     * @throws IllegalStateException when already released or transferred
     */
    public long transfer() {
        if (!STATE.compareAndSet(this, LIVE, TRANSFERRED)) {
            throw new IllegalStateException("lease pushed into a sink after it was released or pushed before");
        }
        return port.takeEntry(entry, handle) ? handle : 0L;
    }

    /** Internal: offset of the payload inside its slot. */
    public int offset() {
        return offset;
    }

    /** Internal: the connection port this lease came from. */
    public ConnPort port() {
        return port;
    }

    private void ensureLive() {
        if (state != LIVE) {
            throw new IllegalStateException("lease used after release or after it was pushed into a sink");
        }
        if (!port.isEntryLive(entry, handle)) {
            throw new IllegalStateException("lease used after the runtime reclaimed it (its connection closed "
                + "after the stream ended, or the ActorSystem terminated)");
        }
    }

    @Override
    public String toString() {
        return "Lease[" + length + " bytes" + (state == LIVE ? "" : ", released") + "]";
    }
}
