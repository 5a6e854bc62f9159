package io.zeroio.cascade;

/**
 * How a pool's capacity is split between the {@link TrafficClass traffic classes}, in whole percent.
 * The default (seed: "60% RX / 10% TX critical / 25% TX bulk / 5% scratch") is {@link #defaults()}.
 *
 * <p>Immutable and validated on construction: each share in [0, 100], the four summing to exactly 100.
 *
 * @param rxPct share of capacity for receives, in [0, 100]
 * @param txCriticalPct share for critical sends (handshakes, ACK-class), in [0, 100]
 * @param txBulkPct share for bulk sends, in [0, 100]
 * @param scratchPct share for scratch staging, in [0, 100]
 */
public record BudgetPartition(int rxPct, int txCriticalPct, int txBulkPct, int scratchPct) {

    private static final BudgetPartition DEFAULTS = new BudgetPartition(60, 10, 25, 5);

    /**
     * Validates the shares.
     *
     * @throws IllegalArgumentException naming the field and its allowed range if a share is outside
     *     [0, 100], or naming all four if they do not sum to 100
     */
    public BudgetPartition {
        requireShare("rxPct", rxPct);
        requireShare("txCriticalPct", txCriticalPct);
        requireShare("txBulkPct", txBulkPct);
        requireShare("scratchPct", scratchPct);
        int sum = rxPct + txCriticalPct + txBulkPct + scratchPct;
        if (sum != 100) {
            throw new IllegalArgumentException("rxPct + txCriticalPct + txBulkPct + scratchPct must sum to 100, got "
                    + rxPct + " + " + txCriticalPct + " + " + txBulkPct + " + " + scratchPct + " = " + sum);
        }
    }

    /**
     * The seed's partition: 60 % RX, 10 % TX critical, 25 % TX bulk, 5 % scratch.
     *
     * @return the shared default instance
     */
    public static BudgetPartition defaults() {
        return DEFAULTS;
    }

    /**
     * The share of one class.
     *
     * @param trafficClass the class; not null
     * @return its share in whole percent
     */
    public int percent(TrafficClass trafficClass) {
        return switch (trafficClass) {
            case RX -> rxPct;
            case TX_CRITICAL -> txCriticalPct;
            case TX_BULK -> txBulkPct;
            case SCRATCH -> scratchPct;
        };
    }

    /**
     * How many slots of a pool of {@code capacity} slots belong to a class: {@code floor(capacity * pct
     * / 100)}, computed without overflow for any non-negative {@code long} capacity. Because each class
     * rounds down, the four budgets may sum to up to 3 slots less than {@code capacity}; that slack is
     * unassigned rather than given to a class, so no class ever gets more than its share.
     *
     * @param trafficClass the class; not null
     * @param capacity the pool's capacity in slots, &ge; 0
     * @return the class's budget in slots, in [0, capacity]
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public long slots(TrafficClass trafficClass, long capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
        }
        long pct = percent(trafficClass);
        // capacity = 100q + r, so capacity*pct/100 = q*pct + r*pct/100 exactly; q*pct <= capacity and
        // r*pct < 10_000, so neither term overflows where capacity*pct would.
        return (capacity / 100) * pct + (capacity % 100) * pct / 100;
    }

    private static void requireShare(String field, int value) {
        if (value < 0 || value > 100) {
            throw new IllegalArgumentException(field + " must be in [0, 100], got " + value);
        }
    }
}
