package io.zeroio.cascade;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A fixed set of {@code long} counters with a single writer (the shard thread) and any number of
 * readers.
 *
 * <p>Memory ordering: only the owner writes, so an increment is a plain read of its own last write
 * followed by an opaque store; no CAS or fence is needed because no other thread can race the
 * read-modify-write. Opaque (rather than plain) stores and loads give readers what a counter needs:
 * the 64-bit value is never torn (JLS 17.7 allows a plain {@code long} write to tear), and a reader
 * polling it keeps seeing new values instead of one hoisted into a register. Opaque imposes no order
 * against other fields; where a reader needs one (see {@link BackpressureCascade#state()}), the owner's
 * later release store provides it. On x86 and ARM an opaque store compiles to a plain store.
 *
 * <p>The array is padded at both ends (Agrona/JCTools style) so that whatever the heap puts next to it
 * does not share a cache line with counters the shard writes on its hot path.
 */
final class OwnerCounters {

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    /** 16 longs = 128 bytes: one cache line plus the adjacent line the spatial prefetcher pulls in. */
    private static final int PAD = 16;

    private final long[] values;

    OwnerCounters(int count) {
        this.values = new long[PAD + count + PAD];
    }

    /** Owner thread only: adds one to counter {@code index}. */
    void increment(int index) {
        int i = PAD + index;
        // Plain read: the owner is the only writer, so it always sees its own latest value.
        long next = values[i] + 1;
        // Opaque store: atomic 64-bit write that readers on other threads will eventually observe.
        LONGS.setOpaque(values, i, next);
    }

    /** Any thread: the current value of counter {@code index} (opaque load: untorn, not hoisted). */
    long get(int index) {
        return (long) LONGS.getOpaque(values, PAD + index);
    }
}
