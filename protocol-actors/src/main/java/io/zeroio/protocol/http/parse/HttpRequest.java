package io.zeroio.protocol.http.parse;

import org.agrona.DirectBuffer;

import io.zeroio.runtime.pool.OwnedSlot;
import io.zeroio.runtime.pool.SlotPool;

/**
 * The request being served: a flyweight re-filled by {@link HttpRequestParser} for every request
 * of the shard, reading the bytes in the receive slot (or, for a request that straddled receives,
 * in the connection's scratch slot). Valid only during the handler call on the shard thread;
 * {@link #detach()} keeps it.
 */
public final class HttpRequest extends HttpRequestView {
    private SlotPool pool;
    private long handle;
    private int slotOffset;

    /** A request whose offset table holds up to {@code maxHeaders} header fields. */
    public HttpRequest(int maxHeaders) {
        super(maxHeaders);
    }

    /**
     * Points the request at {@code length} bytes from {@code offset} of {@code source} (what the
     * parser reads next) and forgets the slot it came from.
     */
    public HttpRequest wrap(DirectBuffer source, int offset, int length) {
        buffer.wrap(source, offset, length);
        pool = null;
        handle = 0;
        return this;
    }

    /**
     * Points the request at {@code length} bytes from native {@code address}, which lies
     * {@code offsetInSlot} bytes into the pool slot {@code slotHandle} of {@code slotPool}, so that
     * {@link #detach()} can take a reference on that slot.
     */
    public HttpRequest wrap(long address, int length, SlotPool slotPool, long slotHandle, int offsetInSlot) {
        buffer.wrap(address, length);
        pool = slotPool;
        handle = slotHandle;
        slotOffset = offsetInSlot;
        return this;
    }

    void reset() {
        method = null;
        versionMinor = 1;
        targetOffset = 0;
        targetLength = 0;
        pathLength = 0;
        queryOffset = -1;
        queryLength = 0;
        headerCount = 0;
        headLength = 0;
        bodyOffset = 0;
        bodyLength = 0;
        contentLength = -1;
        chunked = false;
        keepAlive = false;
        expectContinue = false;
        headComplete = false;
        sensitive = SensitiveHeaders.DEFAULT;
    }

    /** Whether the request line and every header arrived (the body may still be on its way). */
    public boolean isHeadComplete() {
        return headComplete;
    }

    /**
     * Keeps this request beyond the handler call, on any thread, without copying its bytes: one
     * more reference on the slot that holds them (an {@link OwnedSlot}) plus a copy of the offset
     * table (allocates two small objects and the table; not for the 0-allocation path).
     *
     * @throws IllegalStateException when the request was not read from a pool slot
     */
    public DetachedHttpRequest detach() {
        if (pool == null) {
            throw new IllegalStateException("this request was parsed from a plain buffer, not a pool slot: nothing to detach");
        }
        pool.retain(handle);
        final int length = headLength + Math.max(0, (bodyOffset + bodyLength) - headLength);
        final OwnedSlot owned = new OwnedSlot(pool, handle, slotOffset, Math.max(length, headLength));
        return new DetachedHttpRequest(owned, this);
    }

    /**
     * As {@link #detach()}, into a reusable {@link DetachedHttpRequest} (which must hold no slot):
     * one more reference on the slot and a copy of the offset table, no allocation.
     *
     * @throws IllegalStateException when the request was not read from a pool slot or
     *                               {@code target} is too small or still holds a slot
     */
    public DetachedHttpRequest detachInto(DetachedHttpRequest target) {
        if (pool == null) {
            throw new IllegalStateException("this request was parsed from a plain buffer, not a pool slot: nothing to detach");
        }
        if (target.nameOffset.length < headerCount) {
            throw new IllegalStateException("target holds " + target.nameOffset.length + " headers, request has " + headerCount);
        }
        final int length = Math.max(headLength, bodyOffset + bodyLength);
        pool.retain(handle);
        target.attach(pool, handle, pool.address(handle) + slotOffset, length, this);
        return target;
    }
}
