package io.zeroio.runtime.pool;

import java.util.ArrayList;
import java.util.List;

/**
 * A shard's pool tiers, smallest slot size first (the seed's {@code IoBuilder::pool(slot_size,
 * count)} list). Tier {@code i} in handles is the {@code i}-th entry here.
 */
public final class Pools implements AutoCloseable {
    private final SlotPool[] tiers;

    /** Allocates every tier at boot. Tiers must be given smallest slot size first. */
    public Pools(List<PoolTier> tiers, HugePages hugePages) {
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("at least one pool tier is needed");
        }
        this.tiers = new SlotPool[tiers.size()];
        int previous = 0;
        try {
            for (int i = 0; i < tiers.size(); i++) {
                final PoolTier t = tiers.get(i);
                if (t.slotSize() <= previous) {
                    throw new IllegalArgumentException("pool tiers must be listed by strictly increasing slot size; tier "
                        + i + " has " + t.slotSize() + " after " + previous);
                }
                previous = t.slotSize();
                this.tiers[i] = new SlotPool(i, t.slotSize(), t.slotCount(), hugePages);
            }
        } catch (RuntimeException e) {
            close(); // free what was mapped before failing (DESIGN.md §6.9)
            throw e;
        }
    }

    /** Number of tiers. */
    public int tierCount() {
        return tiers.length;
    }

    /** Tier {@code i}. */
    public SlotPool tier(int i) {
        return tiers[i];
    }

    /** The tier a handle belongs to. */
    public SlotPool poolOf(long handle) {
        final int t = SlotHandle.tier(handle);
        if (t >= tiers.length) {
            throw new SlotStateException("handle " + SlotHandle.toString(handle) + " names no pool tier");
        }
        return tiers[t];
    }

    /**
     * A writable slot of at least {@code minSize} bytes from the smallest tier that has one free,
     * or {@code null} when none has.
     */
    public SendBuffer acquireSendBuffer(int minSize) {
        for (SlotPool p : tiers) {
            if (p.slotSize() >= minSize) {
                final SendBuffer b = p.acquireSendBuffer();
                if (b != null) {
                    return b;
                }
            }
        }
        return null;
    }

    /** Releases one reference on {@code handle}. */
    public boolean release(long handle) {
        return poolOf(handle).release(handle);
    }

    /** Slots leased now, all tiers. */
    public long inUse() {
        long sum = 0;
        for (SlotPool p : tiers) {
            sum += p.inUse();
        }
        return sum;
    }

    /** Slots in all tiers. */
    public long capacity() {
        long sum = 0;
        for (SlotPool p : tiers) {
            sum += p.capacity();
        }
        return sum;
    }

    /** Copies made through any tier's copy helper. */
    public long copyCount() {
        long sum = 0;
        for (SlotPool p : tiers) {
            sum += p.copyCount();
        }
        return sum;
    }

    /** Snapshot of every tier (allocates; not for the hot path). */
    public PoolStats stats() {
        final List<PoolStats.Tier> list = new ArrayList<>(tiers.length);
        for (SlotPool p : tiers) {
            list.add(p.stats());
        }
        return new PoolStats(List.copyOf(list));
    }

    @Override
    public void close() {
        for (SlotPool p : tiers) {
            if (p != null) {
                p.close();
            }
        }
    }
}
