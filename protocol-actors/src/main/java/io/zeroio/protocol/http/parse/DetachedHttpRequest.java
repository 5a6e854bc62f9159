package io.zeroio.protocol.http.parse;

import io.zeroio.runtime.pool.OwnedSlot;

/**
 * A request kept beyond its handler call ({@link HttpRequest#detach()}): the same accessors, over
 * the same bytes in the same pool slot, held by an {@link OwnedSlot} reference. Usable on any
 * thread (one thread at a time: its views are flyweights); {@link #close()} releases the slot.
 */
public final class DetachedHttpRequest extends HttpRequestView implements AutoCloseable {
    private final OwnedSlot slot;

    DetachedHttpRequest(OwnedSlot slot, HttpRequest from) {
        super(Math.max(1, from.headerCount));
        this.slot = slot;
        copyFrom(from);
        buffer.wrap(slot.address(), slot.length());
    }

    /** The slot reference holding the bytes. */
    public OwnedSlot slot() {
        return slot;
    }

    /** Releases the slot reference (once; a second close throws, like {@link OwnedSlot#close()}). */
    @Override
    public void close() {
        buffer.wrap(0, 0);
        slot.close();
    }
}
