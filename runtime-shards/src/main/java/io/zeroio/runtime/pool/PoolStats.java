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
     * @param inUse     slots leased now (including those lent to the kernel)
     * @param lent      of those, slots lent to the kernel's receive ring, waiting to be filled
     * @param peak      most slots leased at once
     * @param copies    calls of the pool's copy helper
     */
    public record Tier(int tier, int slotSize, int capacity, long inUse, long lent, long peak, long copies) {
        /** Slots free now, counting those lent to the kernel (which it fills on demand). */
        public long available() {
            return capacity - inUse + lent;
        }

        /** Slots held by the application (events, detached slots, queued sends). */
        public long held() {
            return inUse - lent;
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

    /** Slots held by the application, all tiers (leased minus lent to the kernel). */
    public long held() {
        long sum = 0;
        for (Tier t : tiers) {
            sum += t.held();
        }
        return sum;
    }

    /**
     * Whether no slot is held by the application: every slot is free or lent to the kernel's
     * receive ring (what each test asserts at its end).
     */
    public boolean atFullCapacity() {
        return held() == 0;
    }
}
