package io.zeroio.cascade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Budget partition arithmetic and validation. */
class BudgetPartitionTest {

    private final BudgetPartition defaults = BudgetPartition.defaults();

    @Test
    void defaultsAreTheSeedPartition() {
        assertEquals(new BudgetPartition(60, 10, 25, 5), defaults);
        assertEquals(60, defaults.percent(TrafficClass.RX));
        assertEquals(10, defaults.percent(TrafficClass.TX_CRITICAL));
        assertEquals(25, defaults.percent(TrafficClass.TX_BULK));
        assertEquals(5, defaults.percent(TrafficClass.SCRATCH));
    }

    @Test
    void slotsOfARoundCapacity() {
        assertEquals(600, defaults.slots(TrafficClass.RX, 1_000));
        assertEquals(100, defaults.slots(TrafficClass.TX_CRITICAL, 1_000));
        assertEquals(250, defaults.slots(TrafficClass.TX_BULK, 1_000));
        assertEquals(50, defaults.slots(TrafficClass.SCRATCH, 1_000));
    }

    @Test
    void slotsRoundDownAndNeverOverAllocate() {
        // 7 slots: 4.2 RX, 0.7 TX critical, 1.75 TX bulk, 0.35 scratch.
        assertEquals(4, defaults.slots(TrafficClass.RX, 7));
        assertEquals(0, defaults.slots(TrafficClass.TX_CRITICAL, 7));
        assertEquals(1, defaults.slots(TrafficClass.TX_BULK, 7));
        assertEquals(0, defaults.slots(TrafficClass.SCRATCH, 7));
        for (long capacity = 0; capacity < 1_000; capacity++) {
            long sum = 0;
            for (TrafficClass t : TrafficClass.values()) {
                long s = defaults.slots(t, capacity);
                assertEquals(capacity * defaults.percent(t) / 100, s, t + " of " + capacity);
                sum += s;
            }
            assertEquals(true, sum <= capacity && capacity - sum <= 3, "slack at " + capacity);
        }
    }

    @Test
    void slotsDoNotOverflowForHugeCapacities() {
        long[] capacities = {Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MAX_VALUE / 7, 1L << 62};
        for (long capacity : capacities) {
            for (TrafficClass t : TrafficClass.values()) {
                long exact = BigInteger.valueOf(capacity).multiply(BigInteger.valueOf(defaults.percent(t)))
                        .divide(BigInteger.valueOf(100)).longValueExact();
                assertEquals(exact, defaults.slots(t, capacity), t + " of " + capacity);
            }
        }
    }

    @Test
    void zeroSharesAreAllowed() {
        BudgetPartition rxOnly = new BudgetPartition(100, 0, 0, 0);
        assertEquals(1_000, rxOnly.slots(TrafficClass.RX, 1_000));
        assertEquals(0, rxOnly.slots(TrafficClass.TX_BULK, 1_000));
    }

    @Test
    void negativeCapacityIsRejected() {
        assertEquals("capacity must be >= 0, got -1", assertThrows(IllegalArgumentException.class,
                () -> defaults.slots(TrafficClass.RX, -1)).getMessage());
    }

    @Test
    void eachShareOutOfRangeIsNamed() {
        assertEquals("rxPct must be in [0, 100], got -1", message(() -> new BudgetPartition(-1, 10, 25, 66)));
        assertEquals("txCriticalPct must be in [0, 100], got 101",
                message(() -> new BudgetPartition(0, 101, 0, 0)));
        assertEquals("txBulkPct must be in [0, 100], got -5", message(() -> new BudgetPartition(60, 40, -5, 5)));
        assertEquals("scratchPct must be in [0, 100], got 200", message(() -> new BudgetPartition(0, 0, 0, 200)));
    }

    @Test
    void sharesMustSumToOneHundred() {
        assertEquals("rxPct + txCriticalPct + txBulkPct + scratchPct must sum to 100, got 60 + 10 + 25 + 10 = 105",
                message(() -> new BudgetPartition(60, 10, 25, 10)));
        assertEquals("rxPct + txCriticalPct + txBulkPct + scratchPct must sum to 100, got 0 + 0 + 0 + 0 = 0",
                message(() -> new BudgetPartition(0, 0, 0, 0)));
    }

    private static String message(Runnable constructor) {
        return assertThrows(IllegalArgumentException.class, constructor::run).getMessage();
    }
}
