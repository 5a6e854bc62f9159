package io.zeroio.runtime.pool;

import java.util.List;

/**
 * A snapshot of every tier of a shard's pools: current, peak and capacity per tier.
 *
 * @param tiers one entry per tier, in tier order
 */
public record PoolStats(List<Tier> tiers) {

    /**
     * One tier.
     *
     * @param tier      tier number
     * @param slotSize  bytes per slot
     * @param capacity  slots in the tier
     * @param inUse     slots leased now
     * @param peak      most slots leased at once
     * @param copies    calls of the pool's copy helper
     */
    public record Tier(int tier, int slotSize, int capacity, long inUse, long peak, long copies) {
        /** Slots free now. */
        public long available() {
            return capacity - inUse;
        }
    }

    /** Slots leased now, all tiers. */
    public long inUse() {
        long sum = 0;
        for (Tier t : tiers) {
            sum += t.inUse;
        }
        return sum;
    }

    /** Slots in all tiers. */
    public long capacity() {
        long sum = 0;
        for (Tier t : tiers) {
            sum += t.capacity;
        }
        return sum;
    }

    /** Whether every slot of every tier is free (what each test asserts at its end). */
    public boolean atFullCapacity() {
        return inUse() == 0;
    }
}
