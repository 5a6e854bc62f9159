package io.zeroio.protocol.http.scratch;

import io.zeroio.runtime.pool.SendBuffer;
import io.zeroio.runtime.pool.SlotPool;
import io.zeroio.runtime.shard.Io;

/**
 * Per-connection scratch slots of a shard client: where a message straddling receives is gathered
 * (the one copy of the bytes that did not arrive whole). Struct of arrays indexed by connection
 * index; shard thread only.
 */
public final class ScratchSlots {
    private final long[] handle;
    private final int[] length;

    /** Room for {@code connections} connection indexes, all empty. */
    public ScratchSlots(int connections) {
        handle = new long[connections];
        length = new int[connections];
    }

    /** The scratch slot of connection index {@code i}, or 0 when it has none. */
    public long handle(int i) {
        return handle[i];
    }

    /** Bytes gathered for connection index {@code i}. */
    public int length(int i) {
        return length[i];
    }

    /** Address of the gathered bytes (only while {@link #handle} is not 0). */
    public long address(Io io, int i) {
        final long h = handle[i];
        return io.pools().poolOf(h).address(h);
    }

    /** Takes {@code slot} (whose first {@code bytes} bytes are gathered already) as the scratch of {@code i}. */
    public void adopt(int i, long slot, int bytes) {
        handle[i] = slot;
        length[i] = bytes;
    }

    /** The first {@code bytes} gathered bytes were consumed; the rest moves to the front (memmove-safe). */
    public void consume(Io io, int i, int bytes) {
        final long h = handle[i];
        final SlotPool pool = io.pools().poolOf(h);
        pool.copy(pool.address(h) + bytes, pool.address(h), length[i] - bytes);
        length[i] -= bytes;
    }

    /**
     * Appends {@code n} bytes at {@code from} to the scratch of {@code i} (which must exist), moving it
     * into a slot of at least twice the size, at most {@code maxSlotBytes}, when it is full.
     *
     * @return false when no slot large enough is free (or the bytes exceed {@code maxSlotBytes})
     */
    public boolean append(Io io, int i, long from, int n, int maxSlotBytes) {
        final long h = handle[i];
        final SlotPool pool = io.pools().poolOf(h);
        final int have = length[i];
        if (have + n > pool.slotSize()) {
            if (have + n > maxSlotBytes) {
                return false;
            }
            final SendBuffer b = io.sendBuffer(Math.min(maxSlotBytes, Math.max(have + n, 2 * pool.slotSize())));
            if (b == null) {
                return false;
            }
            final long nh = b.take();
            b.pool().copy(pool.address(h), b.pool().address(nh), have);
            pool.release(h);
            handle[i] = nh;
        }
        final long nh = handle[i];
        final SlotPool np = io.pools().poolOf(nh);
        np.copy(from, np.address(nh) + have, n);
        length[i] = have + n;
        return true;
    }

    /** Gives the scratch slot of {@code i} back to its pool (nothing when it has none). */
    public void release(Io io, int i) {
        final long h = handle[i];
        if (h != 0) {
            handle[i] = 0;
            length[i] = 0;
            io.pools().poolOf(h).release(h);
        }
    }
}
