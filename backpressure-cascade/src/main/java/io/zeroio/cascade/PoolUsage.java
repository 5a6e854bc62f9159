package io.zeroio.cascade;

/**
 * The last (used, capacity) reported for each {@link PoolKind}, and the utilisation they add up to:
 * the maximum over kinds with capacity &gt; 0, because the fullest pool is the one that runs out first.
 *
 * <p>Owned by the shard thread: written by {@link BackpressureCascade#report} and read by
 * {@link BackpressureCascade#update()} on that thread only, so plain fields suffice; nothing here is
 * published to other threads (the cascade publishes the result).
 */
final class PoolUsage {

    private final long[] used = new long[PoolKind.COUNT];
    private final long[] capacity = new long[PoolKind.COUNT];

    /**
     * Records a pool's fill level.
     *
     * @throws IllegalArgumentException if {@code capacity < 0} or {@code used} is outside [0, capacity]
     */
    void report(PoolKind kind, long usedSlots, long capacitySlots) {
        int k = kind.ordinal();
        // Error path only: the messages are built when a caller breaks the contract, never otherwise.
        if (capacitySlots < 0) {
            throw new IllegalArgumentException(
                    "capacity of " + kind + " must be >= 0, got " + capacitySlots);
        }
        if (usedSlots < 0 || usedSlots > capacitySlots) {
            throw new IllegalArgumentException(
                    "used of " + kind + " must be in [0, capacity=" + capacitySlots + "], got " + usedSlots);
        }
        used[k] = usedSlots;
        capacity[k] = capacitySlots;
    }

    /** Used slots last reported for a kind (0 if never reported). */
    long used(PoolKind kind) {
        return used[kind.ordinal()];
    }

    /** Capacity last reported for a kind (0 if never reported, which means "ignored"). */
    long capacity(PoolKind kind) {
        return capacity[kind.ordinal()];
    }

    /**
     * Maximum utilisation in percent over kinds with capacity &gt; 0; 0 if there are none. A double
     * computed in registers: no boxing, no allocation. Exact for slot counts below 2^53.
     */
    double maxUtilisationPct() {
        double max = 0.0;
        for (int k = 0; k < PoolKind.COUNT; k++) {
            long cap = capacity[k];
            if (cap > 0) {
                double pct = used[k] * 100.0 / cap;
                if (pct > max) {
                    max = pct;
                }
            }
        }
        return max;
    }
}
