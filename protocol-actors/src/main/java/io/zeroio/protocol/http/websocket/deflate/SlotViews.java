package io.zeroio.protocol.http.websocket.deflate;

import java.nio.ByteBuffer;

import io.zeroio.runtime.pool.Pools;

/**
 * Direct {@link ByteBuffer} views of pool memory without allocating per use: one view per pool
 * tier over the tier's whole region (made once), re-positioned for each address. {@code java.util.zip}
 * reads and writes direct buffers in place (no heap copy). Shard thread only; a view is valid until
 * the next call for the same tier.
 */
final class SlotViews {
    private final long[] base;
    private final long[] end;
    private final ByteBuffer[] views;

    SlotViews(Pools pools) {
        final int n = pools.tierCount();
        base = new long[n];
        end = new long[n];
        views = new ByteBuffer[n];
        for (int t = 0; t < n; t++) {
            final var region = pools.tier(t).region();
            base[t] = region.address();
            end[t] = region.address() + region.byteSize();
            views[t] = region.asByteBuffer();
        }
    }

    /** Whether {@code length} bytes at {@code address} lie in one pool tier. */
    boolean contains(long address, int length) {
        for (int t = 0; t < base.length; t++) {
            if (address >= base[t] && address + length <= end[t]) {
                return true;
            }
        }
        return false;
    }

    /** A view of {@code length} bytes at {@code address} (position at the address, limit after the bytes). */
    ByteBuffer view(long address, int length) {
        for (int t = 0; t < base.length; t++) {
            if (address >= base[t] && address + length <= end[t]) {
                final ByteBuffer b = views[t];
                final int at = (int) (address - base[t]);
                b.limit(b.capacity()).position(at).limit(at + length);
                return b;
            }
        }
        throw new IllegalStateException("address outside the shard's pools");
    }
}
