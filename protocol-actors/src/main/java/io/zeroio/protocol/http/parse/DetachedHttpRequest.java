package io.zeroio.protocol.http.parse;

import io.zeroio.runtime.pool.OwnedSlot;
import io.zeroio.runtime.pool.SlotPool;

/**
 * A request kept beyond its handler call ({@link HttpRequest#detach()}): the same accessors, over
 * the same bytes in the same pool slot, held by one slot reference. Usable on any thread (one
 * thread at a time: its views are flyweights); {@link #close()} releases the slot.
 *
 * <p>Two kinds: {@link HttpRequest#detach()} returns a new object holding an {@link OwnedSlot};
 * a <em>reusable</em> one ({@link #DetachedHttpRequest(int)}, filled by
 * {@link HttpRequest#detachInto}) is kept by a server per connection and re-filled for every
 * deferred request without allocating (it holds the raw slot reference; {@link #slot()} is null).
 */
public final class DetachedHttpRequest extends HttpRequestView implements AutoCloseable {
    private final OwnedSlot slot;
    private SlotPool pool;
    private long handle;
    private boolean held;

    DetachedHttpRequest(OwnedSlot slot, HttpRequest from) {
        super(Math.max(1, from.headerCount));
        this.slot = slot;
        this.held = true;
        copyFrom(from);
        buffer.wrap(slot.address(), slot.length());
    }

    /** An empty reusable request with room for {@code maxHeaders} header fields (see {@link HttpRequest#detachInto}). */
    public DetachedHttpRequest(int maxHeaders) {
        super(Math.max(1, maxHeaders));
        this.slot = null;
    }

    void attach(SlotPool slotPool, long slotHandle, long address, int length, HttpRequest from) {
        if (slot != null || held) {
            throw new IllegalStateException("this detached request still holds a slot");
        }
        pool = slotPool;
        handle = slotHandle;
        held = true;
        copyFrom(from);
        buffer.wrap(address, length);
    }

    /** The slot reference holding the bytes (null for a reusable request). */
    public OwnedSlot slot() {
        return slot;
    }

    /** Whether this request still holds its slot reference. */
    public boolean isHeld() {
        return held;
    }

    /**
     * Releases the slot reference (once; a second close throws, like {@link OwnedSlot#close()}).
     * A reusable request's views keep pointing at the released memory (still mapped, but its
     * bytes may be another request's from now on): the owner guarantees nobody reads it after.
     */
    @Override
    public void close() {
        if (slot != null) {
            buffer.wrap(0, 0);
            held = false;
            slot.close();
            return;
        }
        if (!held) {
            throw new IllegalStateException("detached request released twice");
        }
        held = false;
        pool.release(handle);
    }
}
