package io.zeroio.runtime.pool;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A payload promoted out of its poll cycle: a counted reference to a pool slot, readable and
 * releasable on any thread (the seed's {@code OwnedSlot}; typestate Committed). The bytes stay
 * where the kernel wrote them; only this small object and the reference count move.
 *
 * <p>Each {@code OwnedSlot} object holds exactly one reference: {@link #close()} drops it once
 * (a second close throws {@link SlotStateException}, like Netty's over-release), and
 * {@link #retain()} returns a second object holding a second reference.
 */
public final class OwnedSlot implements AutoCloseable {
    private final SlotPool pool;
    private final long handle;
    private final long address;
    private final int length;
    private UnsafeBuffer view;
    private volatile boolean released;

    private static final java.lang.invoke.VarHandle RELEASED;

    static {
        try {
            RELEASED = java.lang.invoke.MethodHandles.lookup().findVarHandle(OwnedSlot.class, "released", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Wraps a reference the caller already holds on {@code handle} (transferred to this object).
     *
     * @param offset first payload byte inside the slot
     * @param length payload bytes
     */
    public OwnedSlot(SlotPool pool, long handle, int offset, int length) {
        this.pool = pool;
        this.handle = handle;
        this.address = pool.address(handle) + offset;
        this.length = length;
    }

    /** Payload bytes. */
    public int length() {
        return length;
    }

    /** Native address of the first payload byte (valid until released). */
    public long address() {
        ensureLive();
        return address;
    }

    /** The slot handle this object references. */
    public long handle() {
        return handle;
    }

    /** The pool the slot belongs to. */
    public SlotPool pool() {
        return pool;
    }

    /** One payload byte. */
    public byte getByte(int index) {
        return buffer().getByte(index);
    }

    /** A read view over the payload, created on first use (valid until released). */
    public DirectBuffer buffer() {
        ensureLive();
        UnsafeBuffer v = view;
        if (v == null) {
            v = new UnsafeBuffer(address, length);
            view = v;
        }
        return v;
    }

    /** Copies the payload into a new array (one counted copy: for tests, logs and adapters). */
    public byte[] toByteArray() {
        final byte[] out = new byte[length];
        buffer().getBytes(0, out);
        pool.countCopy();
        return out;
    }

    /** A second reference to the same bytes, released independently. */
    public OwnedSlot retain() {
        ensureLive();
        pool.retain(handle);
        return new OwnedSlot(pool, handle, (int) (address - pool.address(handle)), length);
    }

    /** Whether this reference was released. */
    public boolean isReleased() {
        return released;
    }

    /** Drops this reference; the slot returns to its pool when the last one goes. */
    @Override
    public void close() {
        // CAS, not check-then-set: two threads closing the same object must not both release.
        if (!RELEASED.compareAndSet(this, false, true)) {
            throw new SlotStateException("OwnedSlot " + SlotHandle.toString(handle) + " released twice");
        }
        if (view != null) {
            view.wrap(0, 0);
        }
        pool.release(handle);
    }

    private void ensureLive() {
        if (released) {
            throw new SlotStateException("OwnedSlot " + SlotHandle.toString(handle) + " used after release");
        }
    }
}
