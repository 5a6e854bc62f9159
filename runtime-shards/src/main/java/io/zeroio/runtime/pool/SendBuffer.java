package io.zeroio.runtime.pool;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A reserved pool slot the producer writes once and hands to a shard to send: the kernel then
 * sends from this very memory (the seed's {@code SendBuffer}; typestate Reserved).
 *
 * <p>One instance exists per slot, pre-allocated at boot, so checking a slot out allocates
 * nothing. The flyweight is valid from checkout until it is sent or {@link #abort() aborted};
 * after that every method throws, and the reference must be dropped (a later checkout of the
 * same slot re-arms this object for its new owner).
 *
 * <p>Thread: whoever checked it out owns it exclusively until it is sent.
 */
public final class SendBuffer {
    private final SlotPool pool;
    private final UnsafeBuffer buffer;
    private long handle;
    private int length;

    SendBuffer(SlotPool pool, UnsafeBuffer buffer) {
        this.pool = pool;
        this.buffer = buffer;
    }

    /** Whether this flyweight is armed for exactly {@code h}. */
    boolean holds(long h) {
        return handle == h;
    }

    void reset(long newHandle) {
        this.handle = newHandle;
        this.length = 0;
    }

    /** The writable view over the whole slot (capacity = slot size). Write from offset 0. */
    public MutableDirectBuffer buffer() {
        ensureOpen();
        return buffer;
    }

    /** Native address of the slot's first byte. */
    public long address() {
        ensureOpen();
        return buffer.addressOffset();
    }

    /** Bytes this slot can hold. */
    public int capacity() {
        return buffer.capacity();
    }

    /** Sets how many bytes, from offset 0, will be sent. */
    public SendBuffer length(int bytes) {
        ensureOpen();
        if (bytes < 0 || bytes > buffer.capacity()) {
            throw new IndexOutOfBoundsException("length " + bytes + " outside 0.." + buffer.capacity());
        }
        this.length = bytes;
        return this;
    }

    /** Bytes that will be sent. */
    public int length() {
        return length;
    }

    /** The slot handle of this lease. */
    public long handle() {
        ensureOpen();
        return handle;
    }

    /** The pool this slot belongs to. */
    public SlotPool pool() {
        return pool;
    }

    /** Gives the slot back without sending it. */
    public void abort() {
        final long h = take();
        pool.release(h);
    }

    /**
     * Ends this flyweight's ownership and returns the handle, whose reference now belongs to the
     * caller (the shard that will send it). Used by senders; users call a shard's send methods.
     */
    public long take() {
        ensureOpen();
        final long h = handle;
        if (!pool.isLive(h)) {
            handle = SlotHandle.NONE;
            throw new SlotStateException("SendBuffer " + SlotHandle.toString(h) + " was released behind its back");
        }
        handle = SlotHandle.NONE;
        return h;
    }

    /** Whether this flyweight still owns a lease. */
    public boolean isOpen() {
        return handle != SlotHandle.NONE;
    }

    private void ensureOpen() {
        if (handle == SlotHandle.NONE) {
            throw new SlotStateException("SendBuffer used after it was sent or aborted: check out a new one");
        }
    }
}
