package io.zeroio.runtime.pool;

/**
 * One tier of a pool layout: {@code slotCount} slots of {@code slotSize} bytes.
 *
 * @param slotSize  bytes per slot
 * @param slotCount number of slots
 */
public record PoolTier(int slotSize, int slotCount) {
    /** Validates both numbers. */
    public PoolTier {
        if (slotSize <= 0) {
            throw new IllegalArgumentException("pool slot-size must be > 0, was " + slotSize);
        }
        if (slotCount <= 0 || slotCount > (1 << 24)) {
            throw new IllegalArgumentException("pool slot-count must be in 1.." + (1 << 24) + ", was " + slotCount);
        }
    }
}
